using Orleans;
using Orleans.Runtime;

namespace Coordination.Silo.Storage;

/// <summary>Stops the silo's start when a SQLite grain storage is misconfigured, naming the provider and the setting.</summary>
internal sealed class SqliteGrainStorageOptionsValidator(SqliteGrainStorageOptions options, string name) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            throw new OrleansConfigurationException($"SQLite grain storage '{name}': {nameof(options.DatabasePath)} is empty.");
        }

        if (options.MaxBatchSize < 1)
        {
            throw new OrleansConfigurationException($"SQLite grain storage '{name}': {nameof(options.MaxBatchSize)} is {options.MaxBatchSize}; it must be at least 1.");
        }

        if (options.GrainStorageSerializer is null)
        {
            throw new OrleansConfigurationException($"SQLite grain storage '{name}': no {nameof(options.GrainStorageSerializer)} is configured.");
        }
    }
}
