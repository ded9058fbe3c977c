using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Coordination.Silo.Tests.Providers;

/// <summary>
/// The part of a silo that storage providers live in: the services a silo gives them (Orleans' serializer and
/// activators, a grain storage serializer, cluster options, logging, time), the providers' own registration
/// extensions, the configuration validators a silo runs before it starts, and the silo lifecycle that starts
/// and stops the grain storages. Reminder tables are started the way the silo's reminder service starts them.
/// </summary>
public sealed class ProviderServices : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly SiloLifecycleSubject _lifecycle;
    private IReminderTable? _reminderTable;

    private ProviderServices(ServiceProvider services)
    {
        _services = services;
        _lifecycle = new SiloLifecycleSubject(services.GetRequiredService<ILogger<SiloLifecycleSubject>>());
    }

    /// <summary>The service id every provider of these services keys its rows with.</summary>
    public required string ServiceId { get; init; }

    public IServiceProvider Services => _services;

    /// <summary>Builds the services, validates the configuration and starts the named grain storages.</summary>
    public static async Task<ProviderServices> StartAsync(string serviceId, Action<IServiceCollection> configure, params string[] storageNames)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSerializer();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<SystemTextJsonGrainStorageSerializerOptions>();
        services.AddSingleton<IGrainStorageSerializer, SystemTextJsonGrainStorageSerializer>();
        services.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = "contract-tests";
            options.ServiceId = serviceId;
        });
        configure(services);

        var host = new ProviderServices(services.BuildServiceProvider()) { ServiceId = serviceId };
        try
        {
            foreach (var validator in host._services.GetServices<IConfigurationValidator>())
            {
                validator.ValidateConfiguration();
            }

            foreach (var name in storageNames)
            {
                if (host.Storage(name) is ILifecycleParticipant<ISiloLifecycle> participant)
                {
                    participant.Participate(host._lifecycle);
                }
            }

            await host._lifecycle.OnStart();
            return host;
        }
        catch
        {
            await host._services.DisposeAsync();
            throw;
        }
    }

    /// <summary>The grain storage registered under <paramref name="name"/>.</summary>
    public IGrainStorage Storage(string name) => _services.GetRequiredKeyedService<IGrainStorage>(name);

    /// <summary>The silo's reminder table, started on first use.</summary>
    public async Task<IReminderTable> ReminderTableAsync()
    {
        if (_reminderTable is null)
        {
            var table = _services.GetRequiredService<IReminderTable>();
            await table.StartAsync();
            _reminderTable = table;
        }

        return _reminderTable;
    }

    /// <summary>Stops the reminder table and the storages (in the silo's order), then disposes the services.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_reminderTable is not null)
        {
            await _reminderTable.StopAsync();
        }

        await _lifecycle.OnStop();
        await _services.DisposeAsync();
    }
}
