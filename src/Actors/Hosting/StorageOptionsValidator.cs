using Coordination.Actors.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Coordination.Actors.Hosting;

/// <summary>Refuses storage settings that cannot work; each failure names the setting.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (options.MaxBatchSize is < 1 or > 10_000)
        {
            failures.Add($"Storage:MaxBatchSize must be between 1 and 10000 (was {options.MaxBatchSize}).");
        }

        if (options.PostgresConcurrentCommits is < 1 or > 64)
        {
            failures.Add($"Storage:PostgresConcurrentCommits must be between 1 and 64 (was {options.PostgresConcurrentCommits}).");
        }

        if (options.UsesPostgres)
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.PostgresConnectionString);
            }
            catch (ArgumentException exception)
            {
                failures.Add($"Storage:PostgresConnectionString is not a valid connection string: {exception.Message}");
            }
        }
        else if (string.IsNullOrWhiteSpace(options.SqlitePath))
        {
            failures.Add("Storage:SqlitePath must name a file when Storage:PostgresConnectionString is not set.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
