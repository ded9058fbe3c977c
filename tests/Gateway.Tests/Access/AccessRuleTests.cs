using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Gateway.Auth;
using Coordination.Gateway.Tests.Cases;
using Coordination.Gateway.Tests.Parties;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Tests.Access;

/// <summary>The access faults an attacker-style review found, each shown fixed through HTTP.</summary>
public sealed class AccessRuleTests : IAsyncLifetime
{
    private readonly NodeFactory _node = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task AGridWorker_ReadsItsOwnRequests_ButNoCaseOfItsCourt()
    {
        var caseNumber = await FileCaseAsync(debtorLatitude: 31.235, debtorLongitude: 121.475); // in grid-liu's area
        var request = await _node.ClientFor("judge-wang").PostAsJsonAsync($"/cases/{caseNumber}/assistance", new { debtorIndex = 0, kind = "Whereabouts", note = "查找下落" });
        var id = (string)(await request.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var grid = _node.ClientFor("grid-liu");

        foreach (var path in new[] { $"/cases/{caseNumber}", $"/cases/{caseNumber}/record", $"/cases/{caseNumber}/record/verification", $"/cases/{caseNumber}/notices", $"/cases/{caseNumber}/messages" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await grid.GetAsync(path)).StatusCode);
        }

        var own = await grid.GetFromJsonAsync<JsonObject>($"/assistance/{id}");
        Assert.Equal((caseNumber, "李四"), ((string)own!["caseNumber"]!, (string)own["debtor"]!));
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.GetAsync("/courts/SH01/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.GetAsync("/streams/courts/SH01/positions")).StatusCode);
    }

    [Fact]
    public async Task KnowingAFilesHash_DoesNotLetAnotherPartyOrFilerAttachOrReadIt()
    {
        var caseA = await PartySessions.FileAsync(_node);
        var caseB = await PartySessions.FileAsync(_node);
        var partyA = await PartySessions.SignInAsync(_node, caseA);
        var partyB = await PartySessions.SignInAsync(_node, caseB);
        var hash = await SeededDeployment.UploadAsync(partyA, "/party/case/attachments", "%PDF-1.7 甲的证据");
        (await partyA.PostAsJsonAsync("/party/case/messages", new { attachments = new[] { new { name = "证据.pdf", sha256 = hash } } })).EnsureSuccessStatusCode();

        var borrowed = await partyB.PostAsJsonAsync("/party/case/messages", new { attachments = new[] { new { name = "证据.pdf", sha256 = hash } } });

        await AssertFieldErrorAsync(borrowed, "attachments[0].sha256");
        Assert.Equal(HttpStatusCode.NotFound, (await partyB.GetAsync($"/party/case/attachments/{hash}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await partyA.GetAsync($"/party/case/attachments/{hash}")).StatusCode);

        var issuer = _node.Services.GetRequiredService<TokenIssuer>();
        using var filerX = PartySessions.Client(_node, issuer.IssueFiler("13600000011"));
        using var filerY = PartySessions.Client(_node, issuer.IssueFiler("13600000012"));
        var document = await SeededDeployment.UploadAsync(filerX, "/filings/attachments", "%PDF-1.7 X 的申请书");
        var filed = await filerX.PostAsJsonAsync("/filings", SeededDeployment.FilingBody("SH01", "13600000011", document));
        var idX = (string)(await filed.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        await AssertFieldErrorAsync(await filerY.PostAsJsonAsync("/filings", SeededDeployment.FilingBody("SH01", "13600000012", document)), "documents[0].sha256");
        Assert.Equal(HttpStatusCode.NotFound, (await filerY.GetAsync($"/filings/{idX}/documents/{document}")).StatusCode);
        var ownCopy = await SeededDeployment.UploadAsync(filerY, "/filings/attachments", "%PDF-1.7 X 的申请书");
        Assert.Equal(document, ownCopy);
        Assert.Equal(HttpStatusCode.Created, (await filerY.PostAsJsonAsync("/filings", SeededDeployment.FilingBody("SH01", "13600000012", ownCopy))).StatusCode);
    }

    [Fact]
    public async Task AnotherCourtsCase_IsAnsweredExactlyLikeACaseThatDoesNotExist()
    {
        var otherCourts = await FileCaseAsync(court: "SH02");
        var missing = CasesApiTests.NewCaseNumber("SH02");
        var judge = _node.ClientFor("judge-wang");

        foreach (var (method, path, body) in new (string, string, object?)[]
        {
            ("GET", "/cases/{n}", null), ("GET", "/cases/{n}/record", null), ("GET", "/cases/{n}/notices", null), ("GET", "/cases/{n}/messages", null),
            ("POST", "/cases/{n}/steps", new { kind = "NoticeSent" }), ("POST", "/cases/{n}/messages", new { text = "x" }),
        })
        {
            var existing = await SendAsync(judge, method, path.Replace("{n}", otherCourts), body);
            var absent = await SendAsync(judge, method, path.Replace("{n}", missing), body);

            Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (existing.Status, absent.Status));
            Assert.Equal(WithoutTrace(absent.Body).Replace(missing, "{n}"), WithoutTrace(existing.Body).Replace(otherCourts, "{n}"));
        }
    }

    [Fact]
    public async Task AJudgeReadsTheirCourtsCaseList()
    {
        await FileCaseAsync();

        Assert.Equal(HttpStatusCode.OK, (await _node.ClientFor("judge-wang").GetAsync("/courts/SH01/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _node.ClientFor("clerk-li").GetAsync("/courts/SH01/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("judge-sun").GetAsync("/courts/SH01/cases")).StatusCode);
    }

    [Fact]
    public async Task AChief_CannotAssignAJudgeOfAnotherCourt()
    {
        var caseNumber = await FileCaseAsync(judge: null);

        var response = await _node.ClientFor("chief-zhao").PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "JudgeAssigned", judgeId = "judge-sun" });

        await AssertFieldErrorAsync(response, "judgeId");
        Assert.Equal(HttpStatusCode.OK, (await _node.ClientFor("chief-zhao").PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "JudgeAssigned", judgeId = "judge-zhou" })).StatusCode);
    }

    [Fact]
    public async Task AJudge_CannotFileATripNamingAnotherCourtsOrAnUnknownCase()
    {
        var own = await FileCaseAsync();
        var otherCourts = await FileCaseAsync(court: "SH02");
        var judge = _node.ClientFor("judge-wang");

        await AssertFieldErrorAsync(await judge.PostAsJsonAsync("/trips", Trip(own, otherCourts)), "caseNumbers[1]");
        await AssertFieldErrorAsync(await judge.PostAsJsonAsync("/trips", Trip(CasesApiTests.NewCaseNumber())), "caseNumbers[0]");
        var filed = await judge.PostAsJsonAsync("/trips", Trip(own));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var id = (string)(await filed.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        await AssertFieldErrorAsync(await judge.PutAsJsonAsync($"/trips/{id}", Trip(own, otherCourts)), "caseNumbers[1]");
    }

    [Fact]
    public async Task OnlyTheChief_ATeamMember_OrTheCasesJudge_SendsATeamOut_AndEndsItsOperation()
    {
        var wangs = await FileCaseAsync(judge: "judge-wang");
        var zhous = await FileCaseAsync(judge: "judge-zhou");
        var zhou = _node.ClientFor("judge-zhou"); // of SH01, not on team SH01-T1 (judge-wang is)
        var site = new { caseNumber = wangs, latitude = 31.23, longitude = 121.47 };

        Assert.Equal(HttpStatusCode.Forbidden, (await zhou.PutAsJsonAsync("/field-teams/SH01-T1/operation", site)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _node.ClientFor("judge-wang").PutAsJsonAsync("/field-teams/SH01-T1/operation", site)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await zhou.DeleteAsync("/field-teams/SH01-T1/operation")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _node.ClientFor("chief-zhao").DeleteAsync("/field-teams/SH01-T1/operation")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await zhou.PutAsJsonAsync("/field-teams/SH01-T1/operation", site with { caseNumber = zhous })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await zhou.DeleteAsync("/field-teams/SH01-T1/operation")).StatusCode);
    }

    [Fact]
    public async Task AJudge_CannotTakeOverATeamOnAnotherJudgesOperation_ButTheChiefCan()
    {
        var wangs = await FileCaseAsync(judge: "judge-wang");
        var zhous = await FileCaseAsync(judge: "judge-zhou");
        Assert.Equal(HttpStatusCode.OK, (await _node.ClientFor("judge-wang").PutAsJsonAsync("/field-teams/SH01-T1/operation", new { caseNumber = wangs, latitude = 31.23, longitude = 121.47 })).StatusCode);

        var takeover = await _node.ClientFor("judge-zhou").PutAsJsonAsync("/field-teams/SH01-T1/operation", new { caseNumber = zhous, latitude = 31.24, longitude = 121.48 });

        Assert.Equal(HttpStatusCode.Forbidden, takeover.StatusCode);
        Assert.Equal(wangs, (string)(await _node.ClientFor("chief-zhao").GetFromJsonAsync<JsonObject>("/field-teams/SH01-T1"))!["operation"]!["caseNumber"]!);
        Assert.Equal(HttpStatusCode.OK, (await _node.ClientFor("chief-zhao").PutAsJsonAsync("/field-teams/SH01-T1/operation", new { caseNumber = zhous, latitude = 31.24, longitude = 121.48 })).StatusCode);
    }

    [Fact]
    public async Task AClerkOfAnotherCourt_CannotFileOrLearnOfAnotherCourtsCaseNumber()
    {
        var taken = await FileCaseAsync();
        var qian = _node.ClientFor("chief-qian"); // SH02

        await AssertFieldErrorAsync(await qian.PostAsJsonAsync("/cases", CasesApiTests.Filing(taken, "SH02")), "caseNumber");
        await AssertFieldErrorAsync(await qian.PostAsJsonAsync("/cases", CasesApiTests.Filing(CasesApiTests.NewCaseNumber("SH01"), "SH02")), "caseNumber");
    }

    [Theory]
    [InlineData("SiteArrived")]
    [InlineData("EvidenceCaptured")]
    [InlineData("EntrustmentDelivered")]
    [InlineData("AssistanceAnswered")]
    [InlineData("OpinionGiven")]
    [InlineData("Filed")]
    public async Task StepsTheSystemRecords_CannotBeWrittenByHand(string kind)
    {
        var caseNumber = await FileCaseAsync();

        var response = await _node.ClientFor("chief-zhao").PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind, target = "x", result = "x" });

        await AssertFieldErrorAsync(response, "kind");
    }

    [Fact]
    public async Task FlaggingAFocusCase_UnderAnotherCourtsRoute_FindsNoSuchCase()
    {
        var caseNumber = await FileCaseAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await _node.ClientFor("chief-zhao").PutAsJsonAsync($"/courts/SH02/focus/{caseNumber}", new { focus = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _node.ClientFor("chief-zhao").PutAsJsonAsync($"/courts/SH01/focus/{caseNumber}", new { focus = true })).StatusCode);
    }

    [Fact]
    public async Task TheEntrustingCourt_MayReadItsEntrustment_ButIsToldItMayNotAnswerIt()
    {
        await using var node = new NodeFactory { Settings = Entrustment.PeerInboxApiTests.PeerSettings() };
        var caseNumber = CasesApiTests.NewCaseNumber();
        (await node.ClientFor("clerk-li").PostAsJsonAsync("/cases", CasesApiTests.Filing(caseNumber))).EnsureSuccessStatusCode();
        (await node.ClientFor("chief-zhao").PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "JudgeAssigned", judgeId = "judge-wang" })).EnsureSuccessStatusCode();
        var created = await node.ClientFor("judge-wang").PostAsJsonAsync($"/cases/{caseNumber}/entrustments", new { toCourt = "ZJ01", kind = "AssetInquiry", description = "查询存款" });
        var id = (string)(await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        Assert.Equal(HttpStatusCode.OK, (await node.ClientFor("chief-zhao").GetAsync($"/entrustments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await node.ClientFor("chief-zhao").PostAsync($"/entrustments/{id}/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await node.ClientFor("chief-qian").PostAsync($"/entrustments/{id}/accept", null)).StatusCode);
    }

    [Fact]
    public async Task HealthChecks_AreNeverThrottled()
    {
        await using var node = new NodeFactory { Settings = new() { ["Limits:RequestsPerMinute"] = "2" } };
        var client = node.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        }

        var others = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            others.Add((await client.GetAsync("/openapi/v1.json")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], others);
    }

    private async Task<string> FileCaseAsync(string court = "SH01", string? judge = "judge-wang", double debtorLatitude = 31.19, double debtorLongitude = 121.43)
    {
        var number = CasesApiTests.NewCaseNumber(court);
        var filing = CasesApiTests.Filing(number, court);
        filing["debtors"]![0]!["address"]!["latitude"] = debtorLatitude;
        filing["debtors"]![0]!["address"]!["longitude"] = debtorLongitude;
        var (clerk, chief) = court == "SH01" ? ("clerk-li", "chief-zhao") : ("chief-qian", "chief-qian");
        (await _node.ClientFor(clerk).PostAsJsonAsync("/cases", filing)).EnsureSuccessStatusCode();
        if (judge is not null)
        {
            var assigned = court == "SH01" ? judge : "judge-sun";
            (await _node.ClientFor(chief).PostAsJsonAsync($"/cases/{number}/steps", new { kind = "JudgeAssigned", judgeId = assigned })).EnsureSuccessStatusCode();
        }

        return number;
    }

    private static object Trip(params string[] caseNumbers) => new
    {
        purpose = "查封车辆",
        destinations = new[] { new { address = "上海市黄浦区南京东路100号", latitude = 31.235, longitude = 121.48 } },
        departAt = "2026-12-01T13:00:00+08:00",
        returnBy = "2026-12-01T17:00:00+08:00",
        caseNumbers,
        members = Array.Empty<string>(),
        seats = 5,
    };

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, string method, string path, object? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string WithoutTrace(string problem)
    {
        var body = JsonNode.Parse(problem)!.AsObject();
        body.Remove("traceId");
        return body.ToJsonString();
    }

    internal static async Task AssertFieldErrorAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"expected an error on {field}, got {errors.ToJsonString()}");
    }
}
