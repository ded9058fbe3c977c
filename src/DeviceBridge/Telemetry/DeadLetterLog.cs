using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Coordination.DeviceBridge.Telemetry;

/// <summary>Logs dead letters at most once per device per minute, saying how many were not logged in between.</summary>
public sealed class DeadLetterLog(TimeProvider time, ILogger<DeadLetterLog> logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

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

    private sealed class Window
    {
        public DateTimeOffset LoggedAt { get; set; } = DateTimeOffset.MinValue;

        public int Suppressed { get; set; }
    }
}
