using Coordination.Gateway.Messages;
using Coordination.Silo.Runtime;
using Coordination.Silo.Schema;
using Coordination.Silo.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Coordination.Silo.Files;

/// <summary>Registers the node's <see cref="IFileStore"/>: the same database as its grain state.</summary>
internal static class FileStoreServiceCollectionExtensions
{
    /// <summary>PostgreSQL when <see cref="NodeStorageOptions.UsesPostgres"/>, else the node's SQLite file (sharing its writer).</summary>
    public static IServiceCollection AddNodeFiles(this IServiceCollection services, NodeStorageOptions storage)
    {
        if (storage.UsesPostgres)
        {
            services.TryAddSingleton<PostgresDataSources>();
            services.TryAddSingleton<IFileStore>(provider => new PostgresFileStore(provider.GetRequiredService<PostgresDataSources>(), storage.PostgresConnectionString!));
        }
        else
        {
            services.TryAddSingleton<SqliteDatabases>();
            services.TryAddSingleton<IFileStore>(provider => new SqliteFileStore(
                storage.SqlitePath, storage.MaxBatchSize, provider.GetRequiredService<SqliteDatabases>(), provider.GetService<TimeProvider>() ?? TimeProvider.System));
        }

        return services;
    }
}
