using Orleans.Hosting;

namespace Coordination.Silo.Storage;

/// <summary>Silo-builder forms of <see cref="PostgresGrainStorageServiceCollectionExtensions"/>.</summary>
public static class PostgresGrainStorageSiloBuilderExtensions
{
    /// <summary>Adds a PostgreSQL grain storage as the silo's default provider.</summary>
    public static ISiloBuilder AddPostgresGrainStorageAsDefault(this ISiloBuilder builder, Action<PostgresGrainStorageOptions>? configure = null) =>
        builder.ConfigureServices(services => services.AddPostgresGrainStorageAsDefault(configure));

    /// <summary>Adds a PostgreSQL grain storage under <paramref name="name"/>.</summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, Action<PostgresGrainStorageOptions>? configure = null) =>
        builder.ConfigureServices(services => services.AddPostgresGrainStorage(name, configure));
}
