using Coordination.Silo.Schema;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Coordination.Silo.Logs;

/// <summary>Refuses a misconfigured PostgreSQL log storage, naming the setting.</summary>
internal sealed class PostgresLogStorageOptionsValidator : IValidateOptions<PostgresLogStorageOptions>
{
    private const string Subject = "PostgreSQL log storage";

    public ValidateOptionsResult Validate(string? name, PostgresLogStorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{Subject}: {nameof(options.ConnectionString)} is empty.");
        }

        NpgsqlConnectionStringBuilder connection;
        try
        {
            connection = PostgresDataSources.WithDefaults(options.ConnectionString);
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail($"{Subject}: {nameof(options.ConnectionString)} is not an Npgsql connection string ({exception.Message}).");
        }

        var failures = new List<string>();
        if (options.MaxBatchSize < 1)
        {
            failures.Add($"{Subject}: {nameof(options.MaxBatchSize)} is {options.MaxBatchSize}; it must be at least 1.");
        }

        if (options.ConcurrentCommits < 1 || options.ConcurrentCommits >= connection.MaxPoolSize)
        {
            failures.Add($"{Subject}: {nameof(options.ConcurrentCommits)} is {options.ConcurrentCommits}; it must be at least 1 and less than the " +
                $"connection string's Maximum Pool Size ({connection.MaxPoolSize}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
