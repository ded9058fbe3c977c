using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Gateway.Tests.Cases;

namespace Coordination.Gateway.Tests.Assistance;

/// <summary>Grid-worker assistance with the sample grid areas of SH01: 南京东路街道 (grid-liu) and 外滩街道 (grid-ma).</summary>
public sealed class AssistanceApiTests : IAsyncLifetime
{
    private readonly NodeFactory _node = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task TheJudgeAsks_TheGridWorkerOfTheDebtorsArea_Answers_AndTheChiefSeesTheFeedbackRate()
    {
        var caseNumber = await FileCaseAsync(latitude: 31.2397, longitude: 121.4750);
        var wang = _node.ClientFor("judge-wang");

        var created = await wang.PostAsJsonAsync($"/cases/{caseNumber}/assistance", new { debtorIndex = 0, kind = "Whereabouts", note = "被执行人疑似在南京东路经营店铺" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var request = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = (string)request["id"]!;
        Assert.Equal(("SH01-NJDL", "grid-liu"), ((string)request["areaId"]!, (string)request["workerId"]!));
        Assert.Equal((31.2397, 121.4750), ((double)request["location"]!["latitude"]!, (double)request["location"]!["longitude"]!)); // for the grid worker's map

        Assert.Single((await _node.ClientFor("grid-liu").GetFromJsonAsync<JsonArray>("/grid/requests"))!);
        Assert.Empty((await _node.ClientFor("grid-ma").GetFromJsonAsync<JsonArray>("/grid/requests"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await _node.ClientFor("grid-ma").PostAsJsonAsync($"/assistance/{id}/answer", new { found = true, text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _node.ClientFor("grid-ma").GetAsync($"/assistance/{id}")).StatusCode);
        var answered = await _node.ClientFor("grid-liu").PostAsJsonAsync($"/assistance/{id}/answer", new { found = true, text = "被执行人每日在南京东路 200 号店铺" });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);

        var areas = (await _node.ClientFor("chief-zhao").GetFromJsonAsync<JsonArray>("/courts/SH01/grid-areas"))!;
        var njdl = areas.Single(a => (string)a!["areaId"]! == "SH01-NJDL")!;
        Assert.Equal((1, 1, 1, 1.0), ((int)njdl["requests"]!, (int)njdl["answered"]!, (int)njdl["answeredInTime"]!, (double)njdl["feedbackRate"]!));
        Assert.Null(areas.Single(a => (string)a!["areaId"]! == "SH01-WT")!["feedbackRate"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("chief-qian").GetAsync("/courts/SH01/grid-areas")).StatusCode);
        var kinds = (await wang.GetFromJsonAsync<JsonArray>($"/cases/{caseNumber}/record"))!.Select(e => (string)e!["kind"]!).ToList();
        Assert.Contains("AssistanceRequested", kinds);
        Assert.Contains("AssistanceAnswered", kinds);
    }

    [Fact]
    public async Task ARequestNotAnsweredInTime_CountsAsOverdueForTheChief()
    {
        var caseNumber = await FileCaseAsync(latitude: 31.2300, longitude: 121.4900);
        var created = await _node.ClientFor("judge-wang").PostAsJsonAsync($"/cases/{caseNumber}/assistance", new { debtorIndex = 0, kind = "Assets", note = "查找车辆" });
        Assert.Equal("SH01-WT", (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["areaId"]!);

        _node.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        var wt = (await _node.ClientFor("chief-zhao").GetFromJsonAsync<JsonArray>("/courts/SH01/grid-areas"))!.Single(a => (string)a!["areaId"]! == "SH01-WT")!;
        Assert.Equal((1, 0, 1, 0.0), ((int)wt["requests"]!, (int)wt["answered"]!, (int)wt["overdue"]!, (double)wt["feedbackRate"]!));
    }

    [Fact]
    public async Task ADebtorOutsideEveryGridArea_IsRefusedWithTheReason_AndOnlyTheCasesJudgeMayAsk()
    {
        var caseNumber = await FileCaseAsync(latitude: 31.19, longitude: 121.43);

        var outside = await _node.ClientFor("judge-wang").PostAsJsonAsync($"/cases/{caseNumber}/assistance", new { debtorIndex = 0, kind = "Assets", note = "查找车辆" });
        var otherJudge = await _node.ClientFor("judge-zhou").PostAsJsonAsync($"/cases/{caseNumber}/assistance", new { debtorIndex = 0, kind = "Assets", note = "查找车辆" });

        Assert.Equal(HttpStatusCode.Conflict, outside.StatusCode);
        Assert.Contains("No grid area of SH01", await outside.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, otherJudge.StatusCode);
    }

    [Fact]
    public async Task TheGridWorkersStream_SaysWhenARequestToTheirAreaComes_AndTheOtherWorkersDoesNot()
    {
        var caseNumber = await FileCaseAsync(latitude: 31.2397, longitude: 121.4750);
        await using var liu = await EventStream.OpenAsync(_node.ClientFor("grid-liu"), "/streams/grid");

        (await _node.ClientFor("judge-wang").PostAsJsonAsync($"/cases/{caseNumber}/assistance", new { debtorIndex = 0, kind = "Whereabouts", note = "查找下落" })).EnsureSuccessStatusCode();

        var changed = await liu.NextAsync();
        Assert.Equal(("changed", true), (changed.Type, changed.Data.Contains("\"subject\":\"grid/grid-liu\"", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("judge-wang").GetAsync("/streams/grid")).StatusCode);
    }

    private async Task<string> FileCaseAsync(double latitude, double longitude)
    {
        var caseNumber = CasesApiTests.NewCaseNumber();
        var filing = CasesApiTests.Filing(caseNumber);
        filing["debtors"]![0]!["address"] = new JsonObject { ["text"] = "上海市黄浦区", ["latitude"] = latitude, ["longitude"] = longitude };
        (await _node.ClientFor("clerk-li").PostAsJsonAsync("/cases", filing)).EnsureSuccessStatusCode();
        (await _node.ClientFor("chief-zhao").PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "JudgeAssigned", judgeId = "judge-wang" })).EnsureSuccessStatusCode();
        return caseNumber;
    }
}
