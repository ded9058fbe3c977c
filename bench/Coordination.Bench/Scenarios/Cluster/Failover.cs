using System.Diagnostics;
using Coordination.Testing;

namespace Coordination.Bench.Scenarios.Cluster;

/// <summary>
/// One failover: a case judge-wang may read that is active on <c>victim</c> (found through the management grain; if none is, cases are filed
/// through the victim until one lands there), the victim SIGKILLed, and that case read on a survivor directly (not
/// through nginx) as fast as answers come back until one succeeds. The victim is then started again and the cluster
/// waited for until whole.
/// </summary>
internal static class Failover
{
    private const string CaseGrainType = "case";
    private const int MaxFilingsToPlaceOne = 30;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Seconds from the SIGKILL to the first successful read of the victim's case on <paramref name="survivor"/>;
    /// <paramref name="readable"/> holds the cases assigned to judge-wang (cases filed here are added).
    /// </summary>
    public static async Task<double> KillAndMeasureAsync(BenchCluster cluster, BenchOrleansClient orleans, Callers callers, HashSet<string> readable, RunningNode victim, RunningNode survivor)
    {
        var caseNumber = await CaseActiveOnAsync(orleans, callers, readable, victim);
        using var judge = Callers.ClientAs(callers.Judge, TimeSpan.FromSeconds(10));
        (await judge.GetAsync($"{survivor.BaseUrl}/cases/{caseNumber}")).EnsureSuccessStatusCode();

        var sinceKill = Stopwatch.StartNew();
        await victim.KillAsync();
        var refusals = 0;
        while (!await AnswersAsync(judge, $"{survivor.BaseUrl}/cases/{caseNumber}"))
        {
            refusals++;
            if (sinceKill.Elapsed > Limit)
            {
                throw new TimeoutException($"{caseNumber} did not answer on {survivor.Name} within {Limit.TotalSeconds:0} s of killing {victim.Name}.");
            }
        }

        var seconds = sinceKill.Elapsed.TotalSeconds;
        Measure.Report($"cluster: killed {victim.Name}; its case {caseNumber} answered on {survivor.Name} {seconds:0.00} s later ({refusals} calls refused or failed meanwhile); restarting it");
        await cluster.StartAsync(victim);
        return seconds;
    }

    private static async Task<string> CaseActiveOnAsync(BenchOrleansClient orleans, Callers callers, HashSet<string> readable, RunningNode victim)
    {
        for (var filed = 0; filed <= MaxFilingsToPlaceOne; filed++)
        {
            var active = (await orleans.ActiveOnAsync(CaseGrainType, victim.SiloPort)).FirstOrDefault(readable.Contains);
            if (active is not null)
            {
                return active;
            }

            readable.Add(await callers.FileAndAssignAsync(victim.BaseUrl));
        }

        throw new InvalidOperationException($"No case became active on {victim.Name} after {MaxFilingsToPlaceOne} filings through it.");
    }

    private static async Task<bool> AnswersAsync(HttpClient judge, string url)
    {
        try
        {
            using var response = await judge.GetAsync(url);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
