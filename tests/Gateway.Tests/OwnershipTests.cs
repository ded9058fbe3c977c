using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Gateway.Tests.Cases;

namespace Coordination.Gateway.Tests;

/// <summary>
/// For every endpoint group: a caller of another court, another judge of the same court, or nobody at all, asking for
/// (or acting on) something of judge-wang's in SH01, is refused. judge-sun and chief-qian are of SH02.
/// </summary>
public sealed class OwnershipTests(OwnershipTests.SeededNode seeded) : IClassFixture<OwnershipTests.SeededNode>
{
    public static TheoryData<string, string, string, string?, HttpStatusCode> Requests => new()
    {
        // cases
        { "judge-sun", "GET", "/cases/{case}", null, HttpStatusCode.Forbidden },
        { "judge-zhou", "POST", "/cases/{case}/steps", """{"kind":"NoticeSent"}""", HttpStatusCode.Forbidden },
        { "", "GET", "/cases/{case}/record", null, HttpStatusCode.Unauthorized },
        // courts
        { "chief-qian", "GET", "/courts/SH01/cases", null, HttpStatusCode.Forbidden },
        { "judge-sun", "GET", "/courts/SH01/overdue", null, HttpStatusCode.Forbidden },
        { "judge-wang", "PUT", "/courts/SH01/focus/{case}", """{"focus":true}""", HttpStatusCode.Forbidden },
        { "", "GET", "/courts/SH01/statistics", null, HttpStatusCode.Unauthorized },
        // judges
        { "", "GET", "/judges/me/agenda", null, HttpStatusCode.Unauthorized },
        // alert streams
        { "judge-sun", "GET", "/streams/courts/SH01", null, HttpStatusCode.Forbidden },
        { "judge-wang", "GET", "/streams/command-centre", null, HttpStatusCode.Forbidden },
        { "", "GET", "/streams/judge", null, HttpStatusCode.Unauthorized },
        // field teams
        { "judge-sun", "GET", "/field-teams/SH01-T1", null, HttpStatusCode.Forbidden },
        { "judge-sun", "PUT", "/field-teams/SH01-T1/operation", """{"caseNumber":"{case}","latitude":31.23,"longitude":121.47}""", HttpStatusCode.Forbidden },
        { "judge-sun", "GET", "/streams/courts/SH01/positions", null, HttpStatusCode.Forbidden },
        { "", "GET", "/devices/SH01-T1-gps", null, HttpStatusCode.Unauthorized },
        // trips
        { "judge-sun", "GET", "/trips/{trip}", null, HttpStatusCode.Forbidden },
        { "judge-zhou", "DELETE", "/trips/{trip}", null, HttpStatusCode.Forbidden },
        { "chief-qian", "GET", "/courts/SH01/trips", null, HttpStatusCode.Forbidden },
        { "", "GET", "/trips/{trip}/suggestions", null, HttpStatusCode.Unauthorized },
        // entrustments
        { "judge-sun", "POST", "/cases/{case}/entrustments", """{"toCourt":"ZJ01","kind":"AssetInquiry","description":"查询"}""", HttpStatusCode.Forbidden },
        { "judge-zhou", "POST", "/cases/{case}/entrustments", """{"toCourt":"ZJ01","kind":"AssetInquiry","description":"查询"}""", HttpStatusCode.Forbidden },
        { "chief-qian", "GET", "/courts/SH01/entrustments", null, HttpStatusCode.Forbidden },
        { "judge-wang", "GET", "/peers", null, HttpStatusCode.Forbidden },
        { "", "GET", "/peers", null, HttpStatusCode.Unauthorized },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task ARequestForSomethingTheCallerDoesNotOwn_IsRefused(string user, string method, string path, string? body, HttpStatusCode expected)
    {
        var client = user == "" ? seeded.Node.CreateClient() : seeded.Node.ClientFor(user);
        using var request = new HttpRequestMessage(new HttpMethod(method), seeded.Fill(path));
        if (body is not null)
        {
            request.Content = new StringContent(seeded.Fill(body), System.Text.Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(expected, response.StatusCode);
    }

    /// <summary>A node with a case of judge-wang in SH01 and a trip of his.</summary>
    public sealed class SeededNode : IAsyncLifetime
    {
        public NodeFactory Node { get; } = new() { Settings = Entrustment.PeerInboxApiTests.PeerSettings() };

        private string CaseNumber { get; set; } = "";

        private string TripId { get; set; } = "";

        public string Fill(string text) => text.Replace("{case}", CaseNumber).Replace("{trip}", TripId);

        public async Task InitializeAsync()
        {
            CaseNumber = CasesApiTests.NewCaseNumber();
            (await Node.ClientFor("clerk-li").PostAsJsonAsync("/cases", CasesApiTests.Filing(CaseNumber))).EnsureSuccessStatusCode();
            (await Node.ClientFor("chief-zhao").PostAsJsonAsync($"/cases/{CaseNumber}/steps", new { kind = "JudgeAssigned", judgeId = "judge-wang" })).EnsureSuccessStatusCode();
            var trip = await Node.ClientFor("judge-wang").PostAsJsonAsync("/trips", new
            {
                purpose = "查封车辆",
                destinations = new[] { new { address = "上海市黄浦区南京东路100号", latitude = 31.235, longitude = 121.48 } },
                departAt = "2026-12-01T13:00:00+08:00",
                returnBy = "2026-12-01T17:00:00+08:00",
                caseNumbers = new[] { CaseNumber },
                members = Array.Empty<string>(),
                seats = 5,
            });
            TripId = (string)(await trip.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        }

        public async Task DisposeAsync() => await Node.DisposeAsync();
    }
}
