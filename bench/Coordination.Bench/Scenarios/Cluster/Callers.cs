using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;

namespace Coordination.Bench.Scenarios.Cluster;

/// <summary>
/// The people the bench calls as, each with a token made once by a node's <c>token</c> verb (the nodes share one
/// signing key, so a token works on every node and through nginx): clerk-li files, chief-zhao assigns, judge-wang reads.
/// </summary>
internal sealed class Callers(AuthenticationHeaderValue clerk, AuthenticationHeaderValue chief, AuthenticationHeaderValue judge)
{
    public AuthenticationHeaderValue Clerk { get; } = clerk;

    public AuthenticationHeaderValue Chief { get; } = chief;

    public AuthenticationHeaderValue Judge { get; } = judge;

    public static async Task<Callers> MakeAsync(RunningNode node) =>
        new(await TokenAsync(node, "clerk-li"), await TokenAsync(node, "chief-zhao"), await TokenAsync(node, "judge-wang"));

    /// <summary>A client that calls as <paramref name="who"/> (absolute URLs), giving up on a call after <paramref name="timeout"/>.</summary>
    public static HttpClient ClientAs(AuthenticationHeaderValue who, TimeSpan timeout, int connections = 16) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = timeout,
            DefaultRequestHeaders = { Authorization = who },
        };

    /// <summary>A new SH01 case (as in tests/Silo.Tests/RunningNode.FileAndAssignCaseAsync), for POST /cases.</summary>
    public static JsonNode NewFiling(out string caseNumber)
    {
        caseNumber = $"SH01-2026-{Guid.NewGuid().ToString("N")[..10]}";
        return JsonNode.Parse($$$"""
            {"caseNumber":"{{{caseNumber}}}","courtId":"SH01","kind":"Litigation","amountClaimed":125000,"basisDocument":"(2025)沪0101民初123号",
             "applicants":[{"name":"张三","idNumber":"310101198001010018","mobile":"13800001111","address":{"text":"上海市黄浦区南京东路1号"}}],
             "debtors":[{"name":"李四","idNumber":"310101198001010026","mobile":"13900002222","address":{"text":"杭州市西湖区文三路2号"}}]}
            """)!;
    }

    /// <summary>Files a case through <paramref name="baseUrl"/> and assigns it to judge-wang (so that he may read it); returns its number.</summary>
    public async Task<string> FileAndAssignAsync(string baseUrl)
    {
        using var clerk = ClientAs(Clerk, TimeSpan.FromSeconds(30));
        using var chief = ClientAs(Chief, TimeSpan.FromSeconds(30));
        (await clerk.PostAsJsonAsync($"{baseUrl}/cases", NewFiling(out var caseNumber))).EnsureSuccessStatusCode();
        (await chief.PostAsJsonAsync($"{baseUrl}/cases/{caseNumber}/steps", new { kind = "JudgeAssigned", judgeId = "judge-wang" })).EnsureSuccessStatusCode();
        return caseNumber;
    }

    private static async Task<AuthenticationHeaderValue> TokenAsync(RunningNode node, string userId)
    {
        using var client = await node.ClientForAsync(userId);
        return client.DefaultRequestHeaders.Authorization!;
    }
}
