using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;

namespace Coordination.Gateway.Tests.Cases;

public sealed class CasesApiTests : IAsyncLifetime
{
    private readonly NodeFactory _node = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();

    internal static string NewCaseNumber(string court = "SH01") => $"{court}-2026-{Guid.NewGuid().ToString("N")[..8]}";

    // 310101198001010018 and 310101198001010026 carry valid check characters.
    internal static JsonObject Filing(string caseNumber, string court = "SH01", string mobile = "13800001111") => JsonNode.Parse($$"""
        {
          "caseNumber": "{{caseNumber}}", "courtId": "{{court}}", "kind": "Litigation", "amountClaimed": 125000, "basisDocument": "(2025)沪0101民初123号",
          "applicants": [{ "name": "张三", "idNumber": "310101198001010018", "mobile": "{{mobile}}", "address": { "text": "上海市黄浦区南京东路1号" } }],
          "debtors": [{ "name": "李四", "idNumber": "310101198001010026", "mobile": "13900002222", "address": { "text": "上海市徐汇区漕溪北路2号", "latitude": 31.19, "longitude": 121.43 } }]
        }
        """)!.AsObject();

    [Fact]
    public async Task AnonymousCaller_IsRefusedWith401()
    {
        var response = await _node.CreateClient().GetAsync("/cases/SH01-2026-0001");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ClerkFiles_JudgeOfTheCourtSeesIt_AnotherCourtsJudgeIsRefused()
    {
        var number = NewCaseNumber();
        var filed = await _node.ClientFor("clerk-li").PostAsJsonAsync("/cases", Filing(number));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        Assert.Equal($"/cases/{number}", filed.Headers.Location!.OriginalString);

        var seen = await _node.ClientFor("judge-zhou").GetFromJsonAsync<JsonObject>($"/cases/{number}");
        Assert.Equal("Filed", (string)seen!["status"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await _node.ClientFor("judge-sun").GetAsync($"/cases/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _node.ClientFor("centre-chen").GetAsync($"/cases/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("judge-wang").PostAsJsonAsync("/cases", Filing(NewCaseNumber()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("clerk-li").PostAsJsonAsync("/cases", Filing(NewCaseNumber("SH02"), "SH02"))).StatusCode);
    }

    [Fact]
    public async Task BadFiling_Is400WithTheFieldNames()
    {
        var response = await _node.ClientFor("clerk-li").PostAsJsonAsync("/cases", Filing(NewCaseNumber(), mobile: "12345"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(["applicants[0].mobile"], problem!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"caseNumber": 5}""")]
    [InlineData("""{"caseNumber":"SH01-x","courtId":"SH01","kind":"Sideways","applicants":[],"debtors":[],"amountClaimed":1,"basisDocument":"x"}""")]
    [InlineData("")]
    public async Task MalformedBody_Is400_Never500(string body)
    {
        var response = await _node.ClientFor("clerk-li").PostAsync("/cases", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Steps_FollowRoles_AndARefusedStepIs409WithTheReason()
    {
        var number = NewCaseNumber();
        await _node.ClientFor("clerk-li").PostAsJsonAsync("/cases", Filing(number));
        var notYet = await _node.ClientFor("judge-wang").PostAsJsonAsync($"/cases/{number}/steps", new { kind = "NoticeSent" });
        Assert.Equal(HttpStatusCode.Forbidden, notYet.StatusCode);

        var assigned = await _node.ClientFor("chief-zhao").PostAsJsonAsync($"/cases/{number}/steps", new { kind = "JudgeAssigned", judgeId = "judge-wang" });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("judge-zhou").PostAsJsonAsync($"/cases/{number}/steps", new { kind = "NoticeSent" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _node.ClientFor("judge-wang").PostAsJsonAsync($"/cases/{number}/steps", new { kind = "FundsReceived", amount = 5000 })).StatusCode);

        var close = await _node.ClientFor("judge-wang").PostAsJsonAsync($"/cases/{number}/steps", new { kind = "Closed" });
        Assert.Equal(HttpStatusCode.Conflict, close.StatusCode);
        Assert.Contains("5,000.00 yuan", (string)(await close.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!);

        var duplicate = await _node.ClientFor("clerk-li").PostAsJsonAsync("/cases", Filing(number));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _node.ClientFor("judge-wang").GetAsync("/cases/SH01-never-filed")).StatusCode);
    }

    [Fact]
    public async Task RecordAndVerification_AreServed()
    {
        var number = NewCaseNumber();
        await _node.ClientFor("clerk-li").PostAsJsonAsync("/cases", Filing(number));
        var record = await _node.ClientFor("chief-zhao").GetFromJsonAsync<JsonArray>($"/cases/{number}/record");
        Assert.Equal("Filed", (string)Assert.Single(record!)!["kind"]!);
        var verification = await _node.ClientFor("chief-zhao").GetFromJsonAsync<JsonObject>($"/cases/{number}/record/verification");
        Assert.True((bool)verification!["intact"]!);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheEndpoints()
    {
        var document = await _node.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/cases/{caseNumber}/steps", paths);
        Assert.Contains("/streams/judge", paths);
        Assert.Contains("/courts/{courtId}/statistics", paths);
    }

    [Fact]
    public async Task CourtFigures_AreForItsChiefAndTheCommandCentre_AndItsCaseListForEveryoneOfTheCourt()
    {
        Assert.Equal(HttpStatusCode.OK, (await _node.ClientFor("chief-zhao").GetAsync("/courts/SH01/statistics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _node.ClientFor("centre-chen").GetAsync("/courts/SH02/overdue")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("chief-qian").GetAsync("/courts/SH01/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _node.ClientFor("judge-wang").GetAsync("/courts/SH01/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("judge-wang").GetAsync("/courts/SH01/statistics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _node.ClientFor("centre-chen").GetAsync("/courts/XX99/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _node.ClientFor("chief-zhao").GetAsync("/courts/SH01/statistics?day=yesterday")).StatusCode);
    }

    [Fact]
    public async Task TheCourtsApprovals_ListAnExtensionUntilItIsGranted_AndAManualNoticeUntilItIsReleased()
    {
        var caseNumber = NewCaseNumber();
        (await _node.ClientFor("clerk-li").PostAsJsonAsync("/cases", Filing(caseNumber))).EnsureSuccessStatusCode();
        var chief = _node.ClientFor("chief-zhao");
        (await chief.PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "JudgeAssigned", judgeId = "judge-wang" })).EnsureSuccessStatusCode();
        var judge = _node.ClientFor("judge-wang");
        (await judge.PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "ExtensionRequested", days = 30 })).EnsureSuccessStatusCode();
        (await judge.PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "CreditMeasureImposed", credit = "ConsumptionRestriction" })).EnsureSuccessStatusCode();

        await Wait.UntilAsync(async () => await ApprovalsAsync() is var q && Extension(q) is not null && Notices(q).Count > 0, "the extension and the notice in the court's queue");
        var queue = await ApprovalsAsync();
        Assert.Equal(30, (int)Extension(queue)!["extensionRequestedDays"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await judge.GetAsync("/courts/SH01/approvals")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("chief-qian").GetAsync("/courts/SH01/approvals")).StatusCode);

        (await chief.PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "ExtensionGranted", days = 30 })).EnsureSuccessStatusCode();
        foreach (var key in Notices(queue).Select(n => (string)n!["notice"]!["key"]!))
        {
            (await chief.PostAsync($"/notices/{Uri.EscapeDataString(key)}/approve", null)).EnsureSuccessStatusCode();
        }

        await Wait.UntilAsync(async () => await ApprovalsAsync() is var q && Extension(q) is null && Notices(q).Count == 0, "the granted extension and the released notices to leave the queue");

        async Task<JsonObject> ApprovalsAsync() => (await chief.GetFromJsonAsync<JsonObject>("/courts/SH01/approvals"))!;
        JsonNode? Extension(JsonObject approvals) => approvals["extensions"]!.AsArray().SingleOrDefault(c => (string?)c!["caseNumber"] == caseNumber);
        List<JsonNode?> Notices(JsonObject approvals) => [.. approvals["notices"]!.AsArray().Where(n => (string?)n!["notice"]!["caseNumber"] == caseNumber)];
    }
}
