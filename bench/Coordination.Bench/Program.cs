using Coordination.Bench;
using Coordination.Bench.Scenarios;
using Coordination.Bench.Scenarios.Cluster;

// dotnet run -c Release --project bench/Coordination.Bench -- <scenario> [--quick]
var scenarios = new Dictionary<string, Func<bool, Task<BenchResult>>>
{
    ["ping"] = PingScenario.RunAsync,
    ["activate"] = ActivateScenario.RunAsync,
    ["state-write"] = StateWriteScenario.RunAsync,
    ["provider-writes"] = ProviderWritesScenario.RunAsync,
    ["deadlines"] = DeadlinesScenario.RunAsync,
    ["telemetry"] = TelemetryScenario.RunAsync,
    ["trips"] = TripsScenario.RunAsync,
    ["cluster"] = ClusterScenario.RunAsync,
};

var name = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
if (name is null || !scenarios.TryGetValue(name, out var run))
{
    await Console.Error.WriteLineAsync($"usage: Coordination.Bench <{string.Join("|", scenarios.Keys)}> [--quick]");
    return 2;
}

var result = await run(args.Contains("--quick"));
Console.WriteLine(result.ToJson());
return 0;
