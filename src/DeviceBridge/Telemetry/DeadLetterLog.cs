using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Coordination.DeviceBridge.Telemetry;

/// <summary>Logs dead letters at most once per device per minute, saying how many were not logged in between.</summary>
public sealed class DeadLetterLog(TimeProvider time, ILogger<DeadLetterLog> logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private DateTimeOffset _unpublishedLoggedAt = DateTimeOffset.MinValue;

    /// <summary>Logs, or counts the message as suppressed if this device was logged less than a minute ago.</summary>
    public void Write(string device, string topic, Rejection rejection)
    {
        var now = time.GetUtcNow();
        var window = _windows.GetOrAdd(device, static _ => new Window());
        int suppressed;
        lock (window)
        {
            if (now - window.LoggedAt < Interval)
            {
                window.Suppressed++;
                return;
            }

            suppressed = window.Suppressed;
            window.LoggedAt = now;
            window.Suppressed = 0;
        }

        logger.LogWarning("Dead letter from device {Device} on {Topic}: {Reason} ({Detail}); {Suppressed} more from it not logged in the last minute",
            device, topic, BridgeCounters.NameOf(rejection.Reason), rejection.Detail, suppressed);
    }

    /// <summary>Logs a dead letter that could not be published (at most once a minute).</summary>
    public void WriteUnpublished(string topic, Exception exception)
    {
        var now = time.GetUtcNow();
        lock (_windows)
        {
            if (now - _unpublishedLoggedAt < Interval)
            {
                return;
            }

            _unpublishedLoggedAt = now;
        }

        logger.LogWarning("A dead letter for {Topic} could not be published ({Error}); the message was acknowledged, its reason is counted", topic, exception.Message);
    }

    private sealed class Window
    {
        public DateTimeOffset LoggedAt { get; set; } = DateTimeOffset.MinValue;

        public int Suppressed { get; set; }
    }
}
