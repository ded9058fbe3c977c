using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.Gateway.Tests.Cases;
using Coordination.Grains.Devices.Commands;
using Coordination.Grains.Tests.Devices;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Tests.Devices;

/// <summary>
/// A node whose device bridge is a fake (see <see cref="FakeDeviceCommandChannel"/>), at most 3 open commands per device,
/// and team SH01-T2 (whose member is judge-zhou) sent out on a case of judge-wang's: so judge-wang leads its operation.
/// </summary>
public sealed class DeviceCommandsNode : IAsyncLifetime
{
    public FakeDeviceCommandChannel Channel { get; } = new();

    public NodeFactory Node { get; }

    public DeviceCommandsNode() => Node = new()
    {
        Settings = new() { ["DeviceMonitoring:Commands:MaxOpen"] = "3" },
        ConfigureServices = services => services.AddSingleton<IDeviceCommandChannel>(Channel),
    };

    public async Task InitializeAsync()
    {
        var number = CasesApiTests.NewCaseNumber();
        (await Node.ClientFor("clerk-li").PostAsJsonAsync("/cases", CasesApiTests.Filing(number))).EnsureSuccessStatusCode();
        (await Node.ClientFor("chief-zhao").PostAsJsonAsync($"/cases/{number}/steps", new { kind = "JudgeAssigned", judgeId = "judge-wang" })).EnsureSuccessStatusCode();
        (await Node.ClientFor("chief-zhao").PutAsJsonAsync("/field-teams/SH01-T2/operation", new { caseNumber = number, latitude = 31.23, longitude = 121.47 })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>Commands to devices over HTTP with the sample users (SH01: judge-wang, judge-zhou, chief-zhao, clerk-li; SH02: judge-sun, chief-qian; centre-chen).</summary>
public sealed class DeviceCommandsApiTests(DeviceCommandsNode fixture) : IClassFixture<DeviceCommandsNode>
{
    private NodeFactory Node => fixture.Node;

    private Task<HttpResponseMessage> SendAsync(string user, string device, string body) =>
        Node.ClientFor(user).PostAsync($"/devices/{device}/commands", new StringContent(body, Encoding.UTF8, "application/json"));

    private async Task<JsonArray> ListAsync(string device, string user = "clerk-li") => (await Node.ClientFor(user).GetFromJsonAsync<JsonArray>($"/devices/{device}/commands"))!;

    private static async Task<JsonObject> BodyOf(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    [Fact]
    public async Task CommandCentre_SendsACommand_ItIsAccepted202AsDelivered_AndListedMostRecentFirst()
    {
        var started = await SendAsync("centre-chen", "SH01-T1-cam", """{"kind":"StartRecording","expiresInSeconds":120}""");
        var message = await SendAsync("centre-chen", "SH01-T1-cam", """{"kind":"Message","text":"请到南门集合"}""");

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (started.StatusCode, message.StatusCode));
        Assert.Equal("/devices/SH01-T1-cam/commands", started.Headers.Location?.OriginalString);
        var first = await BodyOf(started);
        var second = await BodyOf(message);
        Assert.Equal(("StartRecording", "Delivered", "centre-chen", false), ((string)first["kind"]!, (string)first["status"]!, (string)first["sender"]!["userId"]!, (bool)first["sender"]!["isJudge"]!));
        Assert.Equal(DateTimeOffset.Parse((string)first["sentAt"]!, null) + TimeSpan.FromMinutes(2), DateTimeOffset.Parse((string)first["expiresAt"]!, null));
        Assert.Equal(TimeSpan.FromMinutes(5), DateTimeOffset.Parse((string)second["expiresAt"]!, null) - Node.Time.GetUtcNow());
        Assert.Contains(fixture.Channel.Published, c => c.CommandId == (string)first["id"]! && c.DeviceId == "SH01-T1-cam" && c.Kind == DeviceCommandKind.StartRecording);

        var listed = await ListAsync("SH01-T1-cam");
        Assert.Equal([(string)second["id"]!, (string)first["id"]!], listed.Take(2).Select(c => (string)c!["id"]!));
        Assert.Equal("请到南门集合", (string)listed[0]!["text"]!);
    }

    [Fact]
    public async Task TheCourtsFieldTeams_AreListedWithTheirDevicesAndOperation_ForPeopleOfTheCourtOnly()
    {
        var teams = (await Node.ClientFor("judge-wang").GetFromJsonAsync<JsonArray>("/courts/SH01/field-teams"))!;

        Assert.Equal(["SH01-T1", "SH01-T2"], teams.Select(t => (string)t!["teamId"]!).Order(StringComparer.Ordinal));
        var sent = teams.Single(t => (string)t!["teamId"]! == "SH01-T2")!;
        Assert.NotNull(sent["operation"]?["caseNumber"]);
        Assert.Equal(["SH01-T2-cam", "SH01-T2-gps"], sent["setup"]!["devices"]!.AsArray().Select(d => (string)d!["deviceId"]!).Order(StringComparer.Ordinal));
        Assert.Null(teams.Single(t => (string)t!["teamId"]! == "SH01-T1")!["operation"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await Node.ClientFor("judge-sun").GetAsync("/courts/SH01/field-teams")).StatusCode);
    }

    [Fact]
    public async Task TheJudgeLeadingTheOperation_AndTheChief_MayCommandTheTeamsDevices_OtherJudgesAndTheClerkMayNot()
    {
        var body = """{"kind":"ReturnToBase"}""";

        var wang = await SendAsync("judge-wang", "SH01-T2-gps", body);
        Assert.Equal(HttpStatusCode.Accepted, wang.StatusCode);
        Assert.True((bool)(await BodyOf(wang))["sender"]!["isJudge"]!);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync("chief-zhao", "SH01-T2-gps", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync("judge-zhou", "SH01-T2-gps", body)).StatusCode); // a member, not leading the operation
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync("judge-wang", "SH01-T1-gps", body)).StatusCode); // a member of an idle team
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync("clerk-li", "SH01-T2-gps", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync("judge-sun", "SH01-T2-gps", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync("chief-qian", "SH01-T2-gps", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync("centre-chen", "SH09-T9-gps", body)).StatusCode);

        Assert.Equal(2, (await ListAsync("SH01-T2-gps", "judge-zhou")).Count);
        Assert.Equal(HttpStatusCode.NotFound, (await Node.ClientFor("judge-sun").GetAsync("/devices/SH01-T2-gps/commands")).StatusCode);
    }

    [Theory]
    [InlineData("SH01-T1-cam", """{"kind":"Jump"}""", "kind")]
    [InlineData("SH01-T1-gps", """{"kind":"StartRecording"}""", "kind")]
    [InlineData("SH01-T1-cam", """{"kind":"Message"}""", "text")]
    [InlineData("SH01-T1-cam", """{"kind":"Message","text":"   "}""", "text")]
    [InlineData("SH01-T1-cam", """{"kind":"ReturnToBase","text":"快回来"}""", "text")]
    [InlineData("SH01-T1-cam", """{"kind":"StopRecording","expiresInSeconds":0}""", "expiresInSeconds")]
    [InlineData("SH01-T1-cam", """{"kind":"StopRecording","expiresInSeconds":86401}""", "expiresInSeconds")]
    [InlineData("SH01-T1-cam", """{"kind":"StopRecording","expiresAt":"2026-01-04T23:59:00Z"}""", "expiresAt")]
    [InlineData("SH01-T1-cam", """{"kind":"StopRecording","expiresAt":"2026-01-07T00:00:00Z"}""", "expiresAt")]
    [InlineData("SH01-T1-cam", """{"kind":"StopRecording","expiresInSeconds":60,"expiresAt":"2026-01-05T00:05:00Z"}""", "expiresAt")]
    public async Task BadCommand_IsRefused400_NamingTheField(string device, string body, string field)
    {
        var before = fixture.Channel.Published.Count;

        var response = await SendAsync("centre-chen", device, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await BodyOf(response))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"errors name {string.Join(", ", errors.Select(e => e.Key))}, not {field}");
        Assert.Equal(before, fixture.Channel.Published.Count);
    }

    [Fact]
    public async Task ExpiryOutOfBounds_IsRefused400_InEnglish_AndAsATextWithItsUnits()
    {
        var response = await SendAsync("centre-chen", "SH01-T1-cam", """{"kind":"StopRecording","expiresInSeconds":5}""");

        var problem = await BodyOf(response);
        Assert.Equal("must be between 10 seconds and 24 hours from now (10 to 86400).", (string)problem["errors"]!["expiresInSeconds"]![0]!);
        var text = problem["fieldTexts"]!["expiresInSeconds"]![0]!;
        Assert.Equal("device.expiresInBounds", (string)text["key"]!);
        Assert.Equal(("10", "seconds", "24", "hours"), ((string)text["args"]!["min"]!, (string)text["args"]!["expiryMinUnit"]!, (string)text["args"]!["max"]!, (string)text["args"]!["expiryMaxUnit"]!));
    }

    [Fact]
    public async Task MessageTextOverTheLimit_IsRefused400_SayingTheLimit()
    {
        var response = await SendAsync("centre-chen", "SH01-T1-cam", $$"""{"kind":"Message","text":"{{new string('字', 201)}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("must be at most 200 characters.", (string)(await BodyOf(response))["errors"]!["text"]![0]!);
    }

    [Fact]
    public async Task CommandThatCannotBeHandedOver_Answers503WithTheReason_AndIsListedFailed()
    {
        fixture.Channel.Mode = FakeDeviceCommandChannel.Behaviour.Fail;
        try
        {
            var response = await SendAsync("centre-chen", "SH02-T1-cam", """{"kind":"StopRecording"}""");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var problem = await BodyOf(response);
            Assert.Equal(fixture.Channel.FailureReason, (string)problem["detail"]!);
            var listed = (await ListAsync("SH02-T1-cam", "centre-chen"))[0]!;
            Assert.Equal(((string)problem["commandId"]!, "Failed", fixture.Channel.FailureReason), ((string)listed["id"]!, (string)listed["status"]!, (string)listed["detail"]!));
        }
        finally
        {
            fixture.Channel.Mode = FakeDeviceCommandChannel.Behaviour.Deliver;
        }
    }

    [Fact]
    public async Task DeviceWithTheMostOpenCommands_RefusesOneMore409()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await SendAsync("centre-chen", "SH02-T2-cam", """{"kind":"ReturnToBase"}""")).StatusCode);
        }

        var refused = await SendAsync("centre-chen", "SH02-T2-cam", """{"kind":"ReturnToBase"}""");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("3 commands waiting", (string)(await BodyOf(refused))["detail"]!, StringComparison.Ordinal);
    }
}
