using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.Alerts;

/// <summary>How long alerts stay in the log, so that a reader can resume with <c>Last-Event-ID</c> (section <c>Alerts</c>).</summary>
public sealed class AlertLogOptions
{
    /// <summary>Alerts older than this are deleted; a reader asking for them is told they are gone. Default 7 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>Deletes alerts past their retention, once an hour by the node's clock.</summary>
internal sealed partial class AlertRetention(AlertLog alerts, IOptions<AlertLogOptions> options, TimeProvider time, ILogger<AlertRetention> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removed = await alerts.TrimOlderThanAsync(time.GetUtcNow() - options.Value.Retention);
                LogTrimmed(removed, options.Value.Retention);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogTrimFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} alerts older than {Retention}")]
    private partial void LogTrimmed(int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete old alerts; trying again in an hour")]
    private partial void LogTrimFailed(Exception exception);
}
