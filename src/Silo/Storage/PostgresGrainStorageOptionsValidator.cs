using Coordination.Silo.Schema;
using Npgsql;
using Orleans;
using Orleans.Runtime;

namespace Coordination.Silo.Storage;

/// <summary>Stops the silo's start when a PostgreSQL grain storage is misconfigured, naming the provider and the setting.</summary>
internal sealed class PostgresGrainStorageOptionsValidator(PostgresGrainStorageOptions options, string name) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw Invalid($"{nameof(options.ConnectionString)} is empty.");
        }

        NpgsqlConnectionStringBuilder connection;
        try
        {
            connection = PostgresDataSources.WithDefaults(options.ConnectionString);
        }
        catch (ArgumentException exception)
        {
            throw Invalid($"{nameof(options.ConnectionString)} is not an Npgsql connection string ({exception.Message}).");
        }

        if (options.MaxBatchSize < 1)
        {
            throw Invalid($"{nameof(options.MaxBatchSize)} is {options.MaxBatchSize}; it must be at least 1.");
        }

        if (options.ConcurrentCommits < 1 || options.ConcurrentCommits >= connection.MaxPoolSize)
        {
            throw Invalid($"{nameof(options.ConcurrentCommits)} is {options.ConcurrentCommits}; it must be at least 1 and less than the " +
                $"connection string's Maximum Pool Size ({connection.MaxPoolSize}).");
        }

        if (options.GrainStorageSerializer is null)
        {
            throw Invalid($"no {nameof(options.GrainStorageSerializer)} is configured.");
        }
    }

    private OrleansConfigurationException Invalid(string problem) => new($"PostgreSQL grain storage '{name}': {problem}");
}
