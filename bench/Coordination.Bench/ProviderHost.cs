using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Coordination.Bench;

/// <summary>
/// One Orleans grain storage provider started the way a silo starts it (its options validated, the silo lifecycle
/// started), without the rest of a silo: what <c>provider-writes</c> measures is the provider alone.
/// </summary>
internal sealed class ProviderHost : IAsyncDisposable
{
    private const string Name = "bench";

    private readonly ServiceProvider _services;
    private readonly SiloLifecycleSubject _lifecycle;

    private ProviderHost(ServiceProvider services)
    {
        _services = services;
        _lifecycle = new SiloLifecycleSubject(services.GetRequiredService<ILogger<SiloLifecycleSubject>>());
    }

    public IGrainStorage Storage => _services.GetRequiredKeyedService<IGrainStorage>(Name);

    /// <summary>Starts the provider that <paramref name="register"/> adds under the name it is given.</summary>
    public static async Task<ProviderHost> StartAsync(string serviceId, Action<IServiceCollection, string> register)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddSerializer();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<SystemTextJsonGrainStorageSerializerOptions>();
        services.AddSingleton<IGrainStorageSerializer, SystemTextJsonGrainStorageSerializer>();
        services.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = "bench";
            options.ServiceId = serviceId;
        });
        register(services, Name);

        var host = new ProviderHost(services.BuildServiceProvider());
        foreach (var validator in host._services.GetServices<IConfigurationValidator>())
        {
            validator.ValidateConfiguration();
        }

        if (host.Storage is ILifecycleParticipant<ISiloLifecycle> participant)
        {
            participant.Participate(host._lifecycle);
        }

        await host._lifecycle.OnStart();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _lifecycle.OnStop();
        await _services.DisposeAsync();
    }
}
