using System.Threading.Channels;
using Coordination.Bench.Grains;
using Coordination.Silo.Runtime;

namespace Coordination.Bench.Scenarios;

/// <summary>
/// Grain-to-grain request/response calls per second on the node's Orleans silo: 1,000 ping grains each call their own
/// pong grain in a loop. Baseline: the same number of request/response pairs through two raw channels per pair, each
/// side an async loop awaiting its channel directly (no Task.Run hops), in the same run.
/// </summary>
internal static class PingScenario
{
    private const int Pairs = 1_000;

    public static async Task<BenchResult> RunAsync(bool quick)
    {
        var callsPerPair = quick ? 1_000 : 3_000;
        var repetitions = quick ? 2 : 5;
        var totalCalls = (long)Pairs * callsPerPair;
        var folder = Directory.CreateTempSubdirectory("coordination-bench-");
        try
        {
            double grains;
            await using (var node = await BenchNode.StartAsync(new NodeStorageOptions { SqlitePath = Path.Combine(folder.FullName, "ping.db") }))
            {
                var pingers = Enumerable.Range(0, Pairs).Select(i => node.GrainFactory.GetGrain<IPingGrain>($"ping-{i}")).ToArray();
                await Task.WhenAll(pingers.Select((p, i) => p.Run($"pong-{i}", 100))); // activate and warm up
                grains = await Measure.BestRateAsync(repetitions, totalCalls, () => Task.WhenAll(pingers.Select((p, i) => p.Run($"pong-{i}", callsPerPair))));
            }

            await ChannelPairsAsync(100); // warm up
            var channels = await Measure.BestRateAsync(repetitions, totalCalls, () => ChannelPairsAsync(callsPerPair));
            Measure.Report($"ping: {Pairs} pairs x {callsPerPair} calls: grains {grains:N0} calls/s, raw channels {channels:N0} pairs/s");
            return new BenchResult("ping", "grain-to-grain calls per second", "calls/s", grains, channels).With("pairs", Pairs);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static Task ChannelPairsAsync(int callsPerPair) => Task.WhenAll(Enumerable.Range(0, Pairs).Select(_ => ChannelPairAsync(callsPerPair)));

    /// <summary>One requester and one responder, each awaiting its channel directly: the continuations are all the scheduling there is.</summary>
    private static async Task ChannelPairAsync(int calls)
    {
        var requests = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var responses = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var responder = RespondAsync(requests.Reader, responses.Writer);
        var value = 0;
        for (var i = 0; i < calls; i++)
        {
            requests.Writer.TryWrite(value);
            value = await responses.Reader.ReadAsync();
        }

        requests.Writer.Complete();
        await responder;
    }

    private static async Task RespondAsync(ChannelReader<int> requests, ChannelWriter<int> responses)
    {
        while (await requests.WaitToReadAsync())
        {
            while (requests.TryRead(out var value))
            {
                responses.TryWrite(value + 1);
            }
        }
    }
}
