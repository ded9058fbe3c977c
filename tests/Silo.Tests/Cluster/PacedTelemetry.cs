using System.Diagnostics;
using System.Text.Json;
using Coordination.DeviceBridge.Telemetry;
using Coordination.Grains.Devices;
using Coordination.Testing;
using MQTTnet;

namespace Coordination.Silo.Tests.Cluster;

/// <summary>
/// GPS fixes published at a steady rate, QoS 1: message n goes to device n mod the device count with that device's next
/// sequence number, so that the stored states tell whether each was applied exactly once. Publishes are sent in order
/// with up to <see cref="MaxInFlight"/> awaiting their PUBACK, as a busy gateway of many devices would. Publishing holds
/// back while more than <paramref name="maxBacklog"/> messages wait to be applied (<see cref="Applied"/>, set by the
/// caller), so a cluster slower than the rate gets a bounded backlog and the test still ends in time.
/// </summary>
internal sealed class PacedTelemetry(IMqttClient publisher, IReadOnlyList<string> devices, int perSecond, int maxBacklog)
{
    private const int MaxInFlight = 64;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private readonly Queue<Task> _inFlight = new();
    private int _sent;
    private int _published;

    /// <summary>Messages the broker acknowledged so far; once <see cref="RunAsync"/> ended, a whole number of rounds over the devices.</summary>
    public int Published => Volatile.Read(ref _published);

    /// <summary>Messages the cluster has applied, as the caller last saw.</summary>
    public long Applied { get; set; }

    /// <summary>Messages each device was sent, once <see cref="RunAsync"/> ended.</summary>
    public int PerDevice => Published / devices.Count;

    /// <summary>Publishes on schedule (catching up at once when behind) until <paramref name="stop"/>, then finishes the round over the devices.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var elapsed = Stopwatch.StartNew();
        using var pace = new PeriodicTimer(Tick);
        var at = DateTimeOffset.UtcNow;
        while (!stop.IsCancellationRequested)
        {
            var due = Math.Min((long)(elapsed.Elapsed.TotalSeconds * perSecond), Applied + maxBacklog);
            while (_sent < due && !stop.IsCancellationRequested)
            {
                await SendAsync(at);
            }

            await pace.WaitForNextTickAsync(CancellationToken.None);
        }

        while (_sent % devices.Count != 0)
        {
            await SendAsync(at);
        }

        await Task.WhenAll(_inFlight);
    }

    private async Task SendAsync(DateTimeOffset at)
    {
        if (_inFlight.Count == MaxInFlight)
        {
            await _inFlight.Dequeue();
        }

        _inFlight.Enqueue(PublishAsync(_sent++, at));
    }

    private async Task PublishAsync(int n, DateTimeOffset at)
    {
        var device = devices[n % devices.Count];
        var fix = new GpsPayload(n / devices.Count + 1, at, 31.23 + (n * 1e-6), 121.47, 5, 20, 90);
        var payload = JsonSerializer.SerializeToUtf8Bytes(fix, TelemetryJsonContext.Default.GpsPayload);
        var result = await publisher.PublishQos1Async(TelemetryTopic.For(device[..4], device, TelemetryKind.Gps), payload);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"mosquitto refused message {n}: {result.ReasonCode}");
        }

        Interlocked.Increment(ref _published);
    }
}
