using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using Coordination.Actors.Streams;

namespace Coordination.Actors.Tests.Grains;

public interface ICounterGrain : IGrain
{
    Task<int> Increment(int by);

    Task<int> Get();

    Task<string?> GetEtag();

    Task Clear();
}

public sealed class CounterState
{
    public int Value { get; set; }
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public async Task<int> Increment(int by)
    {
        state.State.Value += by;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task<string?> GetEtag() => Task.FromResult(state.Etag);

    public Task Clear() => state.ClearStateAsync();
}

public interface IProbeGrain : IGrain
{
    Task<string> Echo(string text);

    Task Throw(string message);

    /// <summary>Throws before returning a task (the method is not async).</summary>
    Task<int> ThrowBeforeReturning(string message);

    /// <summary>Waits for the gate of this key; records how many calls overlap.</summary>
    Task<int> Enter(int order);

    Task<int[]> Order();

    Task<int> MaxConcurrent();

    Task CallAndWait(string otherKey);

    Task CallBack(string originKey);

    Task<int> Ping(string otherKey);

    Task Deactivate();
}

public sealed class ProbeGrain : Grain, IProbeGrain
{
    public static readonly ConcurrentDictionary<string, int> Constructions = new();
    public static readonly ConcurrentDictionary<string, int> Deactivations = new();
    public static readonly ConcurrentDictionary<string, TaskCompletionSource> Gates = new();

    private readonly List<int> _order = [];
    private int _running;
    private int _maxConcurrent;

    public ProbeGrain() => Constructions.AddOrUpdate(GetPrimaryKeyString(), 1, (_, n) => n + 1);

    public static TaskCompletionSource Gate(string key) => Gates.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

    public Task<string> Echo(string text) => Task.FromResult($"{GetPrimaryKeyString()}:{text}");

    public Task Throw(string message) => throw new ArgumentException(message, nameof(message));

    public Task<int> ThrowBeforeReturning(string message) => throw new ArgumentException(message, nameof(message));

    public async Task<int> Enter(int order)
    {
        _maxConcurrent = Math.Max(_maxConcurrent, Interlocked.Increment(ref _running));
        _order.Add(order);
        await Gate(GetPrimaryKeyString()).Task;
        await Task.Yield();
        Interlocked.Decrement(ref _running);
        return order;
    }

    public Task<int[]> Order() => Task.FromResult(_order.ToArray());

    public Task<int> MaxConcurrent() => Task.FromResult(_maxConcurrent);

    public Task CallAndWait(string otherKey) => GrainFactory.GetGrain<IProbeGrain>(otherKey).CallBack(GetPrimaryKeyString());

    public Task CallBack(string originKey) => GrainFactory.GetGrain<IProbeGrain>(originKey).Echo("back");

    public Task<int> Ping(string otherKey) => GrainFactory.GetGrain<IProbeGrain>(otherKey).Echo("ping").ContinueWith(t => t.Result.Length, TaskScheduler.Default);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Deactivations.AddOrUpdate(GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}

public interface IFailingActivationGrain : IGrain
{
    Task<string> Hello();
}

public sealed class FailingActivationGrain : Grain, IFailingActivationGrain
{
    private static int s_attempts;

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        Interlocked.Increment(ref s_attempts) == 1 ? throw new InvalidOperationException("first activation fails") : Task.CompletedTask;

    public Task<string> Hello() => Task.FromResult("hello");
}

public interface IReminderGrain : IGrain
{
    Task Schedule(string name, TimeSpan dueTime, TimeSpan? period);

    Task Cancel(string name);

    Task<List<DateTimeOffset>> Ticks();

    Task<int> ReminderCount();
}

public sealed class ReminderState
{
    public List<DateTimeOffset> Ticks { get; set; } = [];
}

public sealed class ReminderGrain([PersistentState("ticks")] IPersistentState<ReminderState> state) : Grain, IReminderGrain, IRemindable
{
    public static readonly ConcurrentDictionary<string, int> FailuresToInject = new();

    public Task Schedule(string name, TimeSpan dueTime, TimeSpan? period) => RegisterOrUpdateReminder(name, dueTime, period);

    public Task Cancel(string name) => UnregisterReminder(name);

    public Task<List<DateTimeOffset>> Ticks() => Task.FromResult(state.State.Ticks);

    public Task<int> ReminderCount() => Task.FromResult(GetReminders().Count);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (FailuresToInject.TryGetValue(GetPrimaryKeyString(), out var failures) && failures > 0)
        {
            FailuresToInject[GetPrimaryKeyString()] = failures - 1;
            throw new InvalidOperationException("injected failure");
        }

        state.State.Ticks.Add(status.CurrentTickTime);
        await state.WriteStateAsync();
    }
}

public interface ITimerGrain : IGrain
{
    Task Start(TimeSpan period);

    Task Stop();

    Task<int> Ticks();
}

public sealed class TimerGrain : Grain, ITimerGrain
{
    private IGrainTimer? _timer;
    private int _ticks;

    public Task Start(TimeSpan period)
    {
        _timer = RegisterGrainTimer(static (self, _) => { self._ticks++; return Task.CompletedTask; }, this, period, period);
        return Task.CompletedTask;
    }

    public Task Stop()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task<int> Ticks() => Task.FromResult(_ticks);
}

public interface IListenerGrain : IGrain
{
    Task Listen(string streamKey);

    Task<List<string>> Heard();
}

public sealed class ListenerGrain : Grain, IListenerGrain
{
    private readonly List<string> _heard = [];

    public async Task Listen(string streamKey) =>
        await GetStreamProvider().GetStream<string>(new StreamId("test", streamKey)).SubscribeAsync((item, _) =>
        {
            _heard.Add(item);
            return Task.CompletedTask;
        });

    public Task<List<string>> Heard() => Task.FromResult(_heard);
}

public sealed class UnregisteredState
{
    public int Value { get; set; }
}

public interface IUnregisteredStateGrain : IGrain
{
    Task<int> Get();
}

public sealed class UnregisteredStateGrain([PersistentState("missing")] IPersistentState<UnregisteredState> state) : Grain, IUnregisteredStateGrain
{
    public Task<int> Get() => Task.FromResult(state.State.Value);
}

[JsonSerializable(typeof(CounterState))]
[JsonSerializable(typeof(ReminderState))]
[JsonSerializable(typeof(LedgerState))]
[JsonSerializable(typeof(LedgerPosted))]
[JsonSerializable(typeof(string))]
public sealed partial class TestJsonContext : JsonSerializerContext;
