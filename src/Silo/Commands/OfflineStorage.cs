using Coordination.Grains.Cases;
using Coordination.Grains.Journals;
using Coordination.Silo.Logs;
using Coordination.Silo.Runtime;
using Coordination.Silo.Schema;
using Coordination.Silo.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Coordination.Silo.Commands;

/// <summary>The node's grain storage and logs opened without a silo, for verbs that read the database (the node may be running).</summary>
internal sealed class OfflineStorage : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly Func<Task> _close;

    private OfflineStorage(ServiceProvider services, IGrainStorage states, Func<Task> close, string location)
    {
        _services = services;
        States = states;
        _close = close;
        Location = location;
    }

    public IGrainStorage States { get; }

    public ILogStorage Logs => _services.GetRequiredService<ILogStorage>();

    /// <summary>The provider and where the data lives, without secrets.</summary>
    public string Location { get; }

    public static async Task<OfflineStorage> OpenAsync(NodeStorageOptions storage, string serviceId)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSerializer(serializer => serializer.AddAssembly(typeof(CaseState).Assembly));
        services.TryAddSingleton<SqliteDatabases>();
        if (storage.UsesPostgres)
        {
            services.AddPostgresLogStorage(logs => logs.ConnectionString = storage.PostgresConnectionString!);
        }
        else
        {
            services.AddSqliteLogStorage(logs => logs.DatabasePath = storage.SqlitePath);
        }

        var provider = services.BuildServiceProvider();
        var serializer = new OrleansGrainStorageSerializer(provider.GetRequiredService<Serializer>());
        var activators = provider.GetRequiredService<IActivatorProvider>();
        if (storage.UsesPostgres)
        {
            var postgres = new PostgresGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
                new PostgresGrainStorageOptions { ConnectionString = storage.PostgresConnectionString!, GrainStorageSerializer = serializer },
                serviceId, provider.GetRequiredService<PostgresDataSources>(), activators, TimeProvider.System, NullLogger<PostgresGrainStorage>.Instance);
            await postgres.OpenAsync(CancellationToken.None);
            return new OfflineStorage(provider, postgres, postgres.CloseAsync, $"postgresql {Schema.PostgresDataSources.Describe(storage.PostgresConnectionString!)}");
        }

        var sqlite = new SqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
            new SqliteGrainStorageOptions { DatabasePath = storage.SqlitePath, GrainStorageSerializer = serializer },
            provider.GetRequiredService<SqliteDatabases>(), activators, TimeProvider.System, NullLogger<SqliteGrainStorage>.Instance);
        await sqlite.OpenAsync(CancellationToken.None);
        return new OfflineStorage(provider, sqlite, sqlite.CloseAsync, $"sqlite {Path.GetFullPath(storage.SqlitePath)}");
    }

    public async ValueTask DisposeAsync()
    {
        await _close();
        await _services.DisposeAsync();
    }
}
