using Microsoft.Extensions.Options;

namespace Coordination.Silo.Runtime;

/// <summary>Where grain state, reminders, case records and alerts are kept. Bound from the <c>Storage</c> section.</summary>
public sealed class NodeStorageOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Storage";

    /// <summary>PostgreSQL connection string. When set, PostgreSQL is used instead of SQLite. Default: none (SQLite).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The SQLite database file, created with its folder on start. Default <c>data/coordination.db</c>.</summary>
    public string SqlitePath { get; set; } = "data/coordination.db";

    /// <summary>Most writes committed in one transaction. Default 256.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>PostgreSQL batches committing at once, each on its own pooled connection. Default 4.</summary>
    public int PostgresConcurrentCommits { get; set; } = 4;

    /// <summary>True when PostgreSQL is configured.</summary>
    public bool UsesPostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);
}

internal sealed class NodeStorageOptionsValidator : IValidateOptions<NodeStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, NodeStorageOptions options)
    {
        if (!options.UsesPostgres && string.IsNullOrWhiteSpace(options.SqlitePath))
        {
            return ValidateOptionsResult.Fail("Storage:SqlitePath must name the SQLite database file (or set Storage:PostgresConnectionString).");
        }

        if (options.MaxBatchSize is < 1 or > 10_000)
        {
            return ValidateOptionsResult.Fail($"Storage:MaxBatchSize must be between 1 and 10000, not {options.MaxBatchSize}.");
        }

        return options.PostgresConcurrentCommits is < 1 or > 64
            ? ValidateOptionsResult.Fail($"Storage:PostgresConcurrentCommits must be between 1 and 64, not {options.PostgresConcurrentCommits}.")
            : ValidateOptionsResult.Success;
    }
}
