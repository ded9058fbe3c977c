using System.Text.Json.Serialization;

namespace Coordination.Bench.Grains;

public interface IPongGrain : IGrain
{
    Task<int> Ping(int value);
}

public sealed class PongGrain : Grain, IPongGrain
{
    public Task<int> Ping(int value) => Task.FromResult(value + 1);
}

public interface IPingGrain : IGrain
{
    /// <summary>Calls its partner <paramref name="calls"/> times, one after the other.</summary>
    Task<int> Run(string partner, int calls);
}

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

public sealed class BenchState
{
    public int Counter { get; set; }

    public string Note { get; set; } = "";
}

public interface IStatefulGrain : IGrain
{
    Task<int> Touch();

    Task Write(int times);
}

public sealed class StatefulGrain([PersistentState("bench")] IPersistentState<BenchState> state) : Grain, IStatefulGrain
{
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

[JsonSerializable(typeof(BenchState))]
public sealed partial class BenchJsonContext : JsonSerializerContext;
