using Microsoft.Extensions.Options;

namespace Coordination.Silo.Logs;

/// <summary>Refuses a misconfigured SQLite log storage, naming the setting.</summary>
internal sealed class SqliteLogStorageOptionsValidator : IValidateOptions<SqliteLogStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteLogStorageOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            failures.Add($"SQLite log storage: {nameof(options.DatabasePath)} is empty.");
        }

        if (options.MaxBatchSize < 1)
        {
            failures.Add($"SQLite log storage: {nameof(options.MaxBatchSize)} is {options.MaxBatchSize}; it must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
