using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Coordination.Silo.Reminders;

/// <summary>Stops the silo's start when the SQLite reminder table is misconfigured, naming the setting.</summary>
internal sealed class SqliteReminderTableOptionsValidator(IOptions<SqliteReminderTableOptions> options) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        var value = options.Value;
        if (string.IsNullOrWhiteSpace(value.DatabasePath))
        {
            throw new OrleansConfigurationException($"SQLite reminder table: {nameof(value.DatabasePath)} is empty.");
        }

        if (value.MaxBatchSize < 1)
        {
            throw new OrleansConfigurationException($"SQLite reminder table: {nameof(value.MaxBatchSize)} is {value.MaxBatchSize}; it must be at least 1.");
        }
    }
}
