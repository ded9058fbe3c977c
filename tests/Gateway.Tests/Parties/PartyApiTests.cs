using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Gateway.Tests.Cases;

namespace Coordination.Gateway.Tests.Parties;

/// <summary>Party look-up: case number, ID number and mobile, a code by SMS (the file channel), a token for that one case.</summary>
public sealed class PartyApiTests : IAsyncLifetime
{
    private const string IdNumber = PartySessions.ApplicantIdNumber;
    private const string Mobile = PartySessions.ApplicantMobile;
    private readonly NodeFactory _node = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task APartyWithTheCodeFromTheirSms_SeesTheirOwnCase()
    {
        var caseNumber = await FileAsync();

        var token = await SignInAsync(caseNumber);
        var view = (await Party(token).GetFromJsonAsync<JsonObject>("/party/case"))!;

        Assert.Equal((caseNumber, "上海市黄浦区人民法院", "judge-wang"), ((string)view["caseNumber"]!, (string)view["court"]!, (string)view["judgeId"]!));
        Assert.Equal(["Filed", "JudgeAssigned"], view["steps"]!.AsArray().Select(s => (string)s!["kind"]!));
        Assert.NotEmpty(view["openDeadlines"]!.AsArray());
        Assert.DoesNotContain(IdNumber, view.ToJsonString());
    }

    [Fact]
    public async Task ThePartysCaseStream_SaysWhenTheirCaseChanges_AndNotWhenAnotherDoes()
    {
        var caseNumber = await FileAsync();
        var other = await FileAsync();
        await using var stream = await EventStream.OpenAsync(Party(await SignInAsync(caseNumber)), "/streams/party/case");
        var judge = _node.ClientFor("judge-wang");

        (await judge.PostAsJsonAsync($"/cases/{other}/messages", new { text = "另一案件" })).EnsureSuccessStatusCode();
        (await judge.PostAsJsonAsync($"/cases/{caseNumber}/messages", new { text = "请补充财产线索" })).EnsureSuccessStatusCode();

        var changed = await stream.NextAsync();
        Assert.Equal("changed", changed.Type);
        Assert.Contains($"\"subject\":\"case/{caseNumber}\"", changed.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnApplicantsPropertyClue_OpensTheFiveDayVerificationLimit_AndTheJudgesAnswerReachesThem()
    {
        var caseNumber = await FileAsync();
        var party = Party(await SignInAsync(caseNumber));
        var sha256 = await UploadAsync(party, Messages.CaseThreadApiTests.Pdf);

        var sent = await party.PostAsJsonAsync("/party/case/clues", new
        {
            kind = "车辆", description = "被执行人名下有一辆沪A12345小汽车，常停在南京东路100号", attachment = new { name = "行驶证.pdf", sha256 },
        });

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var view = (await sent.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(view["openDeadlines"]!.AsArray(), d => (string)d!["title"]! == "Verify the property clue");
        var theCase = (await _node.ClientFor("judge-wang").GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}"))!;
        var (clueId, clue) = theCase["clues"]!.AsObject().Single();
        Assert.Equal(("[车辆] 被执行人名下有一辆沪A12345小汽车，常停在南京东路100号", "行驶证.pdf", sha256),
            ((string)clue!["description"]!, (string)clue["attachment"]!["name"]!, (string)clue["attachment"]!["sha256"]!));
        Assert.Equal(Messages.CaseThreadApiTests.Pdf, await _node.ClientFor("judge-wang").GetByteArrayAsync($"/cases/{caseNumber}/attachments/{sha256}"));
        Assert.Equal(HttpStatusCode.NotFound, (await party.GetAsync($"/party/case/attachments/{sha256}")).StatusCode);
        (await _node.ClientFor("judge-wang").PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "ClueVerified", clueId, result = "车辆已查封" })).EnsureSuccessStatusCode();
        await Coordination.Testing.Wait.UntilAsync(() => File.ReadAllLines(_node.SmsFile).Any(l => ((string)JsonNode.Parse(l)!["text"]!).Contains("您提供的财产线索已核查，结果：车辆已查封")), "the applicant to be told the outcome");
        Assert.Equal(HttpStatusCode.BadRequest, (await party.PostAsJsonAsync("/party/case/clues", new { kind = "车辆", description = "" })).StatusCode);
        var notUploaded = await party.PostAsJsonAsync("/party/case/clues", new { kind = "车辆", description = "另一辆车", attachment = new { name = "照片.jpg", sha256 = new string('b', 64) } });
        Assert.Equal(HttpStatusCode.BadRequest, notUploaded.StatusCode);
        Assert.Contains("attachment.sha256", await notUploaded.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<string> UploadAsync(HttpClient party, byte[] pdf)
    {
        using var content = new ByteArrayContent(pdf) { Headers = { ContentType = new("application/pdf") } };
        var stored = await party.PostAsync("/party/case/attachments", content);
        return (string)(await stored.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["sha256"]!;
    }

    [Fact]
    public async Task APartyToken_ReadsOnlyItsOwnCase_AndNoStaffEndpoint()
    {
        var own = await FileAsync();
        var other = await FileAsync();
        var party = Party(await SignInAsync(own));

        Assert.Equal(own, (string)(await party.GetFromJsonAsync<JsonObject>($"/party/case?caseNumber={other}"))!["caseNumber"]!);
        foreach (var path in new[] { $"/cases/{other}", $"/cases/{own}", $"/cases/{other}/record", $"/cases/{other}/notices", "/courts/SH01/cases", "/courts/SH01/statistics",
            "/judges/me/agenda", "/streams/courts/SH01", "/streams/command-centre", "/courts/SH01/trips", "/courts/SH01/entrustments", "/courts/SH01/grid-areas", "/command-centre/map",
            $"/cases/{other}/messages", $"/cases/{own}/messages", "/judges/me/messages", "/filings", "/courts/SH01/filings" })
        {
            var response = await party.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task TheApplicant_SeesTheRequestForTheirOpinion_Answers_AndTheCaseCanClose()
    {
        var caseNumber = await FileAsync();
        var party = Party(await SignInAsync(caseNumber));
        var judge = _node.ClientFor("judge-wang");
        Assert.Equal(HttpStatusCode.Conflict, (await party.PostAsJsonAsync("/party/case/opinion", new { agrees = true })).StatusCode);

        (await judge.PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "OpinionRequested", note = "执行完毕，拟结案" })).EnsureSuccessStatusCode();
        var asked = (await party.GetFromJsonAsync<JsonObject>("/party/case"))!["opinion"]!;
        Assert.Equal(("执行完毕，拟结案", false), ((string)asked["proposal"]!, (bool)asked["answered"]!));
        Assert.Equal(HttpStatusCode.BadRequest, (await party.PostAsJsonAsync("/party/case/opinion", new { text = "?" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await judge.PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "OpinionLapsed" })).StatusCode);

        var answered = await party.PostAsJsonAsync("/party/case/opinion", new { agrees = true, text = "同意结案" });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var opinion = (await answered.Content.ReadFromJsonAsync<JsonObject>())!["opinion"]!;
        Assert.Equal((true, true, true), ((bool)opinion["answered"]!, (bool)opinion["agrees"]!, (bool)opinion["settled"]!));
        var theCase = (await judge.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}"))!;
        Assert.Equal("同意结案", (string)theCase["opinion"]!["answers"]!["a0"]!["text"]!);
        Assert.Equal(HttpStatusCode.OK, (await judge.PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "Closed" })).StatusCode);
    }

    [Fact]
    public async Task ACodeWorksOnce_FiveWrongCodesLockTheDoor_AndAnExpiredCodeIsRefused()
    {
        var caseNumber = await FileAsync();
        var code = await RequestCodeAsync(caseNumber);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(caseNumber, code)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(caseNumber, code)).StatusCode);

        _node.Time.Advance(TimeSpan.FromMinutes(1));
        code = await RequestCodeAsync(caseNumber);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(caseNumber, "000000" == code ? "111111" : "000000")).StatusCode);
        }

        var locked = await TokenAsync(caseNumber, code);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.NotNull(locked.Headers.RetryAfter);

        _node.Time.Advance(TimeSpan.FromMinutes(16));
        code = await RequestCodeAsync(caseNumber);
        _node.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(caseNumber, code)).StatusCode);
    }

    [Fact]
    public async Task AMobileThatIsNotTheParties_GetsNoCode_AndCodesAreLimitedToOneAMinute()
    {
        var caseNumber = await FileAsync();

        var wrong = await _node.CreateClient().PostAsJsonAsync("/party/codes", new { caseNumber, idNumber = IdNumber, mobile = "13999999999" });
        var first = await _node.CreateClient().PostAsJsonAsync("/party/codes", new { caseNumber, idNumber = IdNumber, mobile = Mobile });
        var again = await _node.CreateClient().PostAsJsonAsync("/party/codes", new { caseNumber, idNumber = IdNumber, mobile = Mobile });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.Single(CodesSent(caseNumber));
    }

    private Task<string> FileAsync() => PartySessions.FileAsync(_node);

    private Task<string> SignInAsync(string caseNumber) => PartySessions.TokenOfAsync(_node, caseNumber);

    private Task<string> RequestCodeAsync(string caseNumber) => PartySessions.RequestCodeAsync(_node, caseNumber);

    private Task<HttpResponseMessage> TokenAsync(string caseNumber, string code) => PartySessions.TokenAsync(_node, caseNumber, IdNumber, code);

    private HttpClient Party(string token) => PartySessions.Client(_node, token);

    private List<string> CodesSent(string caseNumber) => PartySessions.CodesSent(_node, Mobile, caseNumber);
}
