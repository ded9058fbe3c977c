using Orleans.Hosting;

namespace Coordination.Silo.Storage;

/// <summary>Silo-builder forms of <see cref="SqliteGrainStorageServiceCollectionExtensions"/>.</summary>
public static class SqliteGrainStorageSiloBuilderExtensions
{
    /// <summary>Adds a SQLite grain storage as the silo's default provider.</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteGrainStorageOptions>? configure = null) =>
        builder.ConfigureServices(services => services.AddSqliteGrainStorageAsDefault(configure));

    /// <summary>Adds a SQLite grain storage under <paramref name="name"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions>? configure = null) =>
        builder.ConfigureServices(services => services.AddSqliteGrainStorage(name, configure));
}
