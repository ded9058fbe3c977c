using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coordination.Gateway.Tests.Trips;

/// <summary>Trips over HTTP with the sample users: judge-wang and judge-zhou of SH01, judge-sun and chief-qian of SH02.</summary>
public sealed class TripsApiTests : IAsyncLifetime
{
    private readonly NodeFactory _node = new();

    // A trip names cases of its judge's court: the plans below name this one.
    public async Task InitializeAsync() =>
        (await _node.ClientFor("clerk-li").PostAsJsonAsync("/cases", Cases.CasesApiTests.Filing("SH01-2026-000001"))).EnsureSuccessStatusCode();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    // Two places 300 m apart in Huangpu (SH01's sample area), the same afternoon.
    private static object Plan(double latitude, int hour = 13, int seats = 5) => new
    {
        purpose = "查封车辆",
        destinations = new[] { new { address = "上海市黄浦区南京东路100号", latitude, longitude = 121.4800 } },
        departAt = $"2026-12-01T{hour:00}:00:00+08:00",
        returnBy = $"2026-12-01T{hour + 4:00}:00:00+08:00",
        caseNumbers = new[] { "SH01-2026-000001" },
        members = new[] { "officer-liu" },
        seats,
    };

    [Fact]
    public async Task TwoJudgesFileTripsToTheSamePlace_AnswerTheSuggestion_AndTheTripsMerge()
    {
        var wang = _node.ClientFor("judge-wang");
        var zhou = _node.ClientFor("judge-zhou");
        var a = await FileAsync(wang, Plan(31.2350, seats: 7));
        var b = await FileAsync(zhou, Plan(31.2377, hour: 14));

        var suggestions = await wang.GetFromJsonAsync<JsonArray>($"/trips/{a}/suggestions");
        var suggestion = Assert.Single(suggestions!)!;
        Assert.Equal(("Open", "SameDestination", a), ((string)suggestion["status"]!, (string)suggestion["match"]!["rule"]!, (string)suggestion["match"]!["hostTripId"]!));
        var id = (string)suggestion["id"]!;

        var first = await zhou.PutAsJsonAsync($"/trip-suggestions/{id}/answer", new { accept = true });
        var second = await wang.PutAsJsonAsync($"/trip-suggestions/{id}/answer", new { accept = true });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Merged", (string)(await second.Content.ReadFromJsonAsync<JsonObject>())!["status"]!);
        var merged = await wang.GetFromJsonAsync<JsonObject>($"/trips/{a}");
        Assert.Equal(["judge-wang", "judge-zhou"], merged!["judges"]!.AsArray().Select(j => (string)j!));
        Assert.Equal("Merged", (string)(await zhou.GetFromJsonAsync<JsonObject>($"/trips/{b}"))!["status"]!);
        var board = await _node.ClientFor("chief-zhao").GetFromJsonAsync<JsonObject>("/courts/SH01/trips");
        Assert.Equal(2, board!["trips"]!.AsArray().Count);
        Assert.Equal("Merged", (string)board["suggestions"]![0]!["status"]!);
    }

    [Fact]
    public async Task OtherCourtsJudgesAndChiefs_AndAnonymousCallers_AreRefused_AndAnotherCourtsJudgeIsToldNoSuchTrip()
    {
        var wang = _node.ClientFor("judge-wang");
        var a = await FileAsync(wang, Plan(31.2350));
        var b = await FileAsync(_node.ClientFor("judge-zhou"), Plan(31.2360));
        var id = (string)(await wang.GetFromJsonAsync<JsonArray>($"/trips/{a}/suggestions"))![0]!["id"]!;
        var sun = _node.ClientFor("judge-sun");

        Assert.Equal(HttpStatusCode.NotFound, (await sun.GetAsync($"/trips/{a}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sun.GetAsync($"/trips/{a}/suggestions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sun.PutAsJsonAsync($"/trips/{a}", Plan(31.2350))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sun.DeleteAsync($"/trips/{a}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sun.PutAsJsonAsync($"/trip-suggestions/{id}/answer", new { accept = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("judge-zhou").DeleteAsync($"/trips/{a}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("chief-qian").GetAsync("/courts/SH01/trips")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("chief-zhao").PostAsJsonAsync("/trips", Plan(31.2350))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _node.CreateClient().GetAsync($"/trips/{b}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _node.ClientFor("centre-chen").GetAsync("/courts/SH01/trips")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _node.ClientFor("centre-chen").GetAsync($"/trips/{a}")).StatusCode);
    }

    [Fact]
    public async Task CancellingATrip_WithdrawsTheSuggestion_AndUnknownIdsAre404()
    {
        var wang = _node.ClientFor("judge-wang");
        var a = await FileAsync(wang, Plan(31.2350));
        await FileAsync(_node.ClientFor("judge-zhou"), Plan(31.2360));

        Assert.Equal(HttpStatusCode.OK, (await wang.DeleteAsync($"/trips/{a}")).StatusCode);

        var suggestion = (await wang.GetFromJsonAsync<JsonArray>($"/trips/{a}/suggestions"))![0]!;
        Assert.Equal("Withdrawn", (string)suggestion["status"]!);
        Assert.Equal(HttpStatusCode.Conflict, (await wang.PutAsJsonAsync($"/trips/{a}", Plan(31.2350))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await wang.GetAsync("/trips/SH01-trip-nothing")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await wang.PutAsJsonAsync("/trip-suggestions/bad-id/answer", new { accept = true })).StatusCode);
    }

    [Fact]
    public async Task MorePeopleThanSeats_IsA400NamingTheField()
    {
        var response = await _node.ClientFor("judge-wang").PostAsJsonAsync("/trips", Plan(31.2350, seats: 1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["seats"], (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task ATripWhoseReturnHasPassed_IsA400NamingReturnBy_WhenFiledOrChanged()
    {
        var wang = _node.ClientFor("judge-wang");
        var now = _node.Time.GetUtcNow();
        var passed = new
        {
            purpose = "查封车辆",
            destinations = new[] { new { address = "上海市黄浦区南京东路100号", latitude = 31.2350, longitude = 121.4800 } },
            departAt = now.AddHours(-5),
            returnBy = now.AddHours(-1),
            caseNumbers = new[] { "SH01-2026-000001" },
            members = new[] { "officer-liu" },
            seats = 5,
        };
        var id = await FileAsync(wang, Plan(31.2350));

        var filed = await wang.PostAsJsonAsync("/trips", passed);
        var changed = await wang.PutAsJsonAsync($"/trips/{id}", passed);

        foreach (var response in new[] { filed, changed })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(["returnBy"], (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));
        }
    }

    private static async Task<string> FileAsync(HttpClient judge, object plan)
    {
        var response = await judge.PostAsJsonAsync("/trips", plan);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }
}
