using System.Text.RegularExpressions;

namespace Coordination.Grains.Tests.Architecture;

/// <summary>
/// Orleans has no deadlock detection: a call chain that comes back to a grain already in it (A→B→A) waits for the
/// response timeout. These tests read the grain classes' calls to other grains from src/Grains and prove the graph has
/// no cycle, leaving out one-way calls (a one-way call never waits, so it cannot close a cycle).
/// </summary>
public sealed partial class GrainCallGraphTests
{
    /// <summary>Grains that call other grains of their own type, and why no chain comes back: see the README's "Call chains".</summary>
    private static readonly HashSet<string> CallsItsOwnKind =
    [
        // Accepting a shared-travel suggestion: the planner lets exactly one of the two trips see the pair accepted, and
        // only that one calls the other (JoinInto/Absorb), which calls no trip back.
        "ITripGrain",
    ];

    [GeneratedRegex(@"public interface (I\w+Grain)\b")]
    private static partial Regex InterfaceDeclaration();

    [GeneratedRegex(@"class \w+Grain\b[^{]*?\b(I\w+Grain)\b")]
    private static partial Regex ClassImplementing();

    [GeneratedRegex(@"GetGrain<(I\w+Grain)>\([^;]*?\)\s*\.\s*(\w+)\(", RegexOptions.Singleline)]
    private static partial Regex Call();

    [GeneratedRegex(@"partial class (\w+Grain)\b")]
    private static partial Regex PartialGrainClass();

    [GeneratedRegex(@"\[OneWay\]\s*(?:\[[^\]]*\]\s*)*Task (\w+)\(")]
    private static partial Regex OneWayMethod();

    private static string GrainsSource()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Coordination.sln")))
            {
                return Path.Combine(folder.FullName, "src", "Grains");
            }
        }

        throw new DirectoryNotFoundException("The repository (Coordination.sln) is not above the test's folder.");
    }

    private static Dictionary<string, HashSet<string>> CallGraph()
    {
        var files = Directory.GetFiles(GrainsSource(), "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => f, File.ReadAllText);
        var oneWay = files.Values.SelectMany(text => InterfaceDeclaration().IsMatch(text) ? OneWayMethod().Matches(text).Select(m => m.Groups[1].Value) : []).ToHashSet();
        var graph = new Dictionary<string, HashSet<string>>();
        foreach (var text in files.Values)
        {
            // Partial classes (CaseGrain.*.cs) name their interface in one file only; elsewhere the class name stands for it.
            var caller = ClassImplementing().Match(text) is { Success: true } declared ? declared.Groups[1].Value
                : PartialGrainClass().Match(text) is { Success: true } partial ? "I" + partial.Groups[1].Value
                : null;
            if (caller is null)
            {
                continue; // not a grain (start-up services call grains from outside any chain)
            }

            foreach (Match call in Call().Matches(text))
            {
                if (!oneWay.Contains(call.Groups[2].Value))
                {
                    (graph.TryGetValue(caller, out var callees) ? callees : graph[caller] = []).Add(call.Groups[1].Value);
                }
            }
        }

        return graph;
    }

    [Fact]
    public void TheGraph_IsReadFromTheSource()
    {
        var graph = CallGraph();
        Assert.Contains("ICourtGrain", graph["ICaseGrain"]);
        Assert.Contains("IJudgeGrain", graph["ICaseGrain"]);
        Assert.Contains("ICaseGrain", graph["IFieldTeamGrain"]);
        Assert.Contains("IPeerOutboxGrain", graph["IEntrustmentGrain"]);
        Assert.DoesNotContain("IEntrustmentGrain", graph.GetValueOrDefault("IPeerOutboxGrain", [])); // its only call back is one-way
    }

    [Fact]
    public void NoCallChain_ComesBackToAGrainAlreadyInIt()
    {
        var graph = CallGraph();
        foreach (var (caller, callees) in graph)
        {
            Assert.True(!callees.Contains(caller) || CallsItsOwnKind.Contains(caller), $"{caller} calls its own kind; say why no chain comes back, or remove the call.");
        }

        var state = new Dictionary<string, int>(); // 1: on the current path, 2: done
        foreach (var start in graph.Keys)
        {
            Visit(start, []);
        }

        void Visit(string grain, List<string> path)
        {
            if (state.GetValueOrDefault(grain) == 2)
            {
                return;
            }

            path.Add(grain);
            state[grain] = 1;
            foreach (var next in graph.GetValueOrDefault(grain, []).Where(next => next != grain))
            {
                Assert.False(state.GetValueOrDefault(next) == 1, $"Call cycle: {string.Join(" → ", path)} → {next}");
                Visit(next, path);
            }

            state[grain] = 2;
            path.RemoveAt(path.Count - 1);
        }
    }
}
