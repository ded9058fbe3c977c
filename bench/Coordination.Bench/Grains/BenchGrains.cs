namespace Coordination.Bench.Grains;

public interface IPongGrain : IGrainWithStringKey
{
    Task<int> Ping(int value);
}

[GrainType("pong")]
public sealed class PongGrain : Grain, IPongGrain
{
    public Task<int> Ping(int value) => Task.FromResult(value + 1);
}

public interface IPingGrain : IGrainWithStringKey
{
    /// <summary>Calls its partner <paramref name="calls"/> times, one after the other.</summary>
    Task<int> Run(string partner, int calls);
}

[GrainType("ping")]
public sealed class PingGrain : Grain, IPingGrain
{
    public async Task<int> Run(string partner, int calls)
    {
        var pong = GrainFactory.GetGrain<IPongGrain>(partner);
        var value = 0;
        for (var i = 0; i < calls; i++)
        {
            value = await pong.Ping(value);
        }

        return value;
    }
}

/// <summary>A small grain's state (about 60 bytes in Orleans' binary format).</summary>
[GenerateSerializer, Alias("Coordination.Bench.Grains.BenchState")]
public sealed class BenchState
{
    [Id(0)]
    public int Counter { get; set; }

    [Id(1)]
    public string Note { get; set; } = "";
}

public interface IStatefulGrain : IGrainWithStringKey
{
    Task<int> Touch();

    /// <summary>Writes its state <paramref name="times"/> times, each acknowledged once durable.</summary>
    Task Write(int times);
}

/// <summary>A grain with persistent state <see cref="StateName"/> in the node's default grain storage.</summary>
[GrainType(GrainTypeName)]
public sealed class StatefulGrain([PersistentState(StatefulGrain.StateName)] IPersistentState<BenchState> state) : Grain, IStatefulGrain
{
    public const string GrainTypeName = "stateful";
    public const string StateName = "bench";

    public Task<int> Touch() => Task.FromResult(state.State.Counter);

    public async Task Write(int times)
    {
        for (var i = 0; i < times; i++)
        {
            state.State.Counter++;
            state.State.Note = "case SH01-2026-0001 deadline notice sent";
            await state.WriteStateAsync();
        }
    }
}
