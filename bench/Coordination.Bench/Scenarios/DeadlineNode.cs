using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Coordination.Grains.Courts;
using Coordination.Grains.Hosting;
using Coordination.Silo.Runtime;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Reminders;
using Orleans.Reminders.Diagnostics;
using Orleans.TestingHost;

namespace Coordination.Bench.Scenarios;

/// <summary>
/// The deadlines scenario's node: a <see cref="BenchNode"/> (the node's silo composition) whose grains and reminders run
/// on a fake clock (membership and messaging stay on real time), with reminder ticks counted, the reminder table's range
/// reads counted, and Orleans' gauge of loaded reminders read. Stops and starts again on the same data and clock.
/// </summary>
internal sealed class DeadlineNode(NodeStorageOptions storage, FakeTimeProvider time) : IAsyncDisposable
{
    /// <summary>How far ahead the reminder service keeps reminders armed; the rest wait in the table for a refresh.</summary>
    public static readonly TimeSpan LoadingWindow = TimeSpan.FromHours(1);

    private readonly MeterListener _meters = new();
    private readonly ArmedTickWaits _armedWaits = new();
    private long _activeReminders;
    private BenchNode? _node;

    public NodeStorageOptions Storage { get; } = storage;

    public FakeTimeProvider Time { get; } = time;

    public ReminderDeliveries Deliveries { get; } = new();

    public CountingReminderTable.Counts ReminderTable { get; } = new();

    private BenchNode Node => _node ?? throw new InvalidOperationException("The node is stopped.");

    public IServiceProvider Services => Node.Services;

    public IGrainFactory Grains => Node.GrainFactory;

    /// <summary>Reminders the reminder service holds in memory (Orleans' active-reminders gauge).</summary>
    public long LocalReminders
    {
        get
        {
            _meters.RecordObservableInstruments();
            return Interlocked.Read(ref _activeReminders);
        }
    }

    /// <summary>Local reminders whose wait for their next tick is armed on the clock (Orleans' reminder diagnostics).</summary>
    public long ArmedTickWaits => _armedWaits.Count;

    public async Task StartAsync()
    {
        if (_node is null)
        {
            _meters.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && instrument.Name.Contains("reminder", StringComparison.OrdinalIgnoreCase)
                    && instrument.Name.Contains("active", StringComparison.OrdinalIgnoreCase))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _meters.SetMeasurementEventCallback<int>((_, value, _, _) => Interlocked.Exchange(ref _activeReminders, value));
            _meters.Start();
        }

        _node = await BenchNode.StartAsync(Storage, AddCourts, silo: new NodeSiloOptions { ReminderLoadingWindow = LoadingWindow }, time: Time, configureSilo: silo =>
        {
            silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, Time);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.Services.AddSingleton(Deliveries);
            silo.AddIncomingGrainCallFilter<ReminderDeliveries.Filter>();
            CountingReminderTable.Decorate(silo.Services, ReminderTable, () => Time.GetUtcNow().UtcDateTime + LoadingWindow);
        });
    }

    private static void AddCourts(DeploymentOptions options) =>
        options.Courts.AddRange(Enumerable.Range(1, 20).Select(c => new CourtOptions { Id = $"C{c:00}", Name = $"第{c}人民法院" }));

    /// <summary>Waits until no reminder tick is being handled and none has completed for a moment.</summary>
    public async Task RemindersSettledAsync()
    {
        var quiet = TimeSpan.FromMilliseconds(100);
        var (last, since) = (Deliveries.Completed, Stopwatch.GetTimestamp());
        while (Deliveries.Running > 0 || Deliveries.Completed != last || Stopwatch.GetElapsedTime(since) < quiet)
        {
            if (Deliveries.Completed != last || Deliveries.Running > 0)
            {
                (last, since) = (Deliveries.Completed, Stopwatch.GetTimestamp());
            }

            await Task.Delay(5);
        }
    }

    /// <summary>
    /// Waits for a range read after the <paramref name="before"/>th, then until the reminders it found due within the window
    /// are loaded and each waits on the clock for its next tick. On a node the loading window puts minutes of real time
    /// between loading a reminder and its tick; here the clock jumps to the tick next, and a reminder whose wait was not yet
    /// armed would find its instant passed and wait a whole period for the next.
    /// </summary>
    public async Task WaitForArmedAsync(long before, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        while (ReminderTable.RangeReads <= before || LocalReminders < ReminderTable.LastWithinWindow || ArmedTickWaits < LocalReminders)
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"The reminder service loaded {LocalReminders:N0} of the {ReminderTable.LastWithinWindow:N0} reminders due within its window " +
                    $"and armed {ArmedTickWaits:N0} tick waits ({ReminderTable.RangeReads} range reads).");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>
    /// Lets the fake clock run at real speed (advanced every few milliseconds) until the returned handle is disposed: after
    /// a jump to an instant, time goes on as it does on a node. The memory streams' pulling agents poll on this clock too,
    /// so nothing is delivered on the streams while the clock stands still.
    /// </summary>
    public async Task<IAsyncDisposable> RunClockAsync()
    {
        var stop = new CancellationTokenSource();
        var running = Task.Run(async () =>
        {
            var last = Stopwatch.GetTimestamp();
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(5, CancellationToken.None);
                var now = Stopwatch.GetTimestamp();
                Time.Advance(Stopwatch.GetElapsedTime(last, now));
                last = now;
            }
        }, CancellationToken.None);
        await Task.Yield();
        return new ClockRun(stop, running);
    }

    private sealed class ClockRun(CancellationTokenSource stop, Task running) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await running;
            stop.Dispose();
        }
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _node, null) is { } node)
        {
            await node.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _meters.Dispose();
        _armedWaits.Dispose();
    }
}

/// <summary>The local reminders waiting on the clock for their next tick, from Orleans' reminder diagnostic events.</summary>
internal sealed class ArmedTickWaits : IObserver<ReminderEvents.ReminderEvent>, IDisposable
{
    private readonly ConcurrentDictionary<(GrainId, string), bool> _waiting = new();
    private readonly IDisposable _subscription;

    public ArmedTickWaits() => _subscription = ReminderEvents.AllEvents.Subscribe(this);

    public int Count => _waiting.Count;

    public void OnNext(ReminderEvents.ReminderEvent value)
    {
        if (value is ReminderEvents.LocalReminderTickWaitArmed)
        {
            _waiting[(value.GrainId, value.ReminderName)] = true;
        }
        else if (value is ReminderEvents.TickFiring or ReminderEvents.LocalReminderStopped or ReminderEvents.LocalReminderScheduleChanged)
        {
            _waiting.TryRemove((value.GrainId, value.ReminderName), out _);
        }
    }

    public void OnError(Exception error)
    {
    }

    public void OnCompleted()
    {
    }

    public void Dispose() => _subscription.Dispose();
}

/// <summary>The node's reminder table, with its range reads (what the reminder service loads and refreshes from) counted.</summary>
internal sealed class CountingReminderTable(IReminderTable table, CountingReminderTable.Counts counts, Func<DateTime> windowEnd) : IReminderTable
{
    public sealed class Counts
    {
        private long _rangeReads;
        private long _rowsRead;
        private long _withinWindow;

        public long RangeReads => Interlocked.Read(ref _rangeReads);

        public long RowsRead => Interlocked.Read(ref _rowsRead);

        /// <summary>Rows of the last range read due before the loading window's end.</summary>
        public long LastWithinWindow => Interlocked.Read(ref _withinWindow);

        internal void Read(ReminderTableData data, DateTime windowEnd)
        {
            Interlocked.Add(ref _rowsRead, data.Reminders.Count);
            Interlocked.Exchange(ref _withinWindow, data.Reminders.Count(r => r.StartAt <= windowEnd));
            Interlocked.Increment(ref _rangeReads);
        }
    }

    /// <summary>Wraps the reminder table the node registered.</summary>
    public static void Decorate(IServiceCollection services, Counts counts, Func<DateTime> windowEnd)
    {
        var original = services.Last(d => d.ServiceType == typeof(IReminderTable));
        services.Remove(original);
        services.AddSingleton<IReminderTable>(provider => new CountingReminderTable(
            original.ImplementationFactory is { } factory ? (IReminderTable)factory(provider)
            : original.ImplementationInstance as IReminderTable ?? (IReminderTable)ActivatorUtilities.CreateInstance(provider, original.ImplementationType!),
            counts, windowEnd));
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => table.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => table.StopAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => table.ReadRows(grainId);

    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        var rows = await table.ReadRows(begin, end);
        counts.Read(rows, windowEnd());
        return rows;
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => table.ReadRow(grainId, reminderName);

    public Task<string?> UpsertRow(ReminderEntry entry) => table.UpsertRow(entry);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => table.RemoveRow(grainId, reminderName, eTag);

    public Task TestOnlyClearTable() => table.TestOnlyClearTable();
}
