using System.Diagnostics;
using Coordination.Testing;
using MQTTnet;

namespace Coordination.Bench.Scenarios.Cluster;

/// <summary>
/// GPS messages published at QoS 1 as fast as the cluster applies them: the publisher stays at most
/// <see cref="MaxBacklog"/> messages ahead of what the nodes' bridges report applied by the device grains (read every
/// 250 ms from each node's <c>/device-bridge/status</c>).
/// </summary>
internal sealed class TelemetryLoad : IAsyncDisposable
{
    private const int MaxBacklog = 1_000;
    private const int Chunk = 50;
    private static readonly TimeSpan ReadEvery = TimeSpan.FromMilliseconds(250);

    private readonly IMqttClient _publisher;
    private readonly BenchDevices _devices;
    private readonly Func<Task<long>> _readApplied;
    private readonly long _appliedBefore;
    private readonly CancellationTokenSource _stopPublishing = new();
    private readonly CancellationTokenSource _stopReading = new();
    private readonly Task _publishing;
    private readonly Task _reading;
    private long _published;
    private AppliedCount _applied;

    private TelemetryLoad(IMqttClient publisher, BenchDevices devices, Func<Task<long>> readApplied, long appliedBefore)
    {
        _publisher = publisher;
        _devices = devices;
        _readApplied = readApplied;
        _appliedBefore = appliedBefore;
        _applied = new AppliedCount(0, Stopwatch.GetTimestamp());
        _publishing = Task.Run(PublishAsync);
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>Messages applied since the start, and when that was read.</summary>
    public AppliedCount Applied => Volatile.Read(ref _applied);

    public long Published => Interlocked.Read(ref _published);

    /// <summary>Starts publishing; <paramref name="readApplied"/> gives the cluster's applied count (since the nodes' start).</summary>
    public static async Task<TelemetryLoad> StartAsync(IMqttClient publisher, BenchDevices devices, Func<Task<long>> readApplied) =>
        new(publisher, devices, readApplied, await readApplied());

    /// <summary>Stops publishing and waits (at most <paramref name="limit"/>) until everything published is applied.</summary>
    public async Task StopAndDrainAsync(TimeSpan limit)
    {
        await _stopPublishing.CancelAsync();
        await _publishing;
        await Wait.UntilAsync(() => Applied.Messages >= Published, $"the {Published:N0} published messages to be applied", limit);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopPublishing.CancelAsync();
        await _stopReading.CancelAsync();
        await Task.WhenAll(_publishing, _reading);
        _stopPublishing.Dispose();
        _stopReading.Dispose();
    }

    private async Task PublishAsync()
    {
        var chunk = new List<Task>(Chunk);
        while (!_stopPublishing.IsCancellationRequested)
        {
            if (Published - Applied.Messages >= MaxBacklog)
            {
                await Task.Delay(10);
                continue;
            }

            for (var i = 0; i < Chunk; i++)
            {
                var (topic, payload) = _devices.Next();
                chunk.Add(_publisher.PublishQos1Async(topic, payload));
            }

            await Task.WhenAll(chunk);
            chunk.Clear();
            Interlocked.Add(ref _published, Chunk);
        }
    }

    private async Task ReadAsync()
    {
        while (!_stopReading.IsCancellationRequested)
        {
            try
            {
                var applied = await _readApplied();
                Volatile.Write(ref _applied, new AppliedCount(applied - _appliedBefore, Stopwatch.GetTimestamp()));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // a slow answer: read again
            }

            try
            {
                await Task.Delay(ReadEvery, _stopReading.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>Messages applied, read at <see cref="At"/> (<see cref="Stopwatch"/> ticks).</summary>
internal sealed record AppliedCount(long Messages, long At)
{
    /// <summary>Messages applied per second from <paramref name="earlier"/> to this reading.</summary>
    public double PerSecondSince(AppliedCount earlier) => (Messages - earlier.Messages) / Stopwatch.GetElapsedTime(earlier.At, At).TotalSeconds;
}
