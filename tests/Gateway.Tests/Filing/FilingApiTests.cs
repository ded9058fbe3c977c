using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Gateway.Tests.Cases;
using Coordination.Gateway.Tests.Messages;
using Coordination.Gateway.Tests.Parties;

namespace Coordination.Gateway.Tests.Filing;

/// <summary>Online filing: the applicant signs in with a code, submits with documents, corrects what the clerk names, and sees every state; the clerk works the court's queue.</summary>
public sealed class FilingApiTests : IAsyncLifetime
{
    private const string Mobile = PartySessions.ApplicantMobile;
    private readonly NodeFactory _node = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task AnApplicationSentBackForCorrection_IsResubmittedAndOpened_AndTheApplicantSeesEveryState()
    {
        var filer = await SignInAsync(Mobile);
        var clerk = _node.ClientFor("clerk-li");
        var judgment = await DocumentAsync(filer, "%PDF-1.7 判决书"u8.ToArray());

        var submitted = await filer.PostAsJsonAsync("/filings", Application(judgment));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var application = (await submitted.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = (string)application["id"]!;
        Assert.Equal(("Submitted", "2026-01-12"), ((string)application["status"]!, (string)application["decideBy"]!));
        var queue = (await clerk.GetFromJsonAsync<JsonArray>("/courts/SH01/filings?status=Submitted"))!;
        Assert.Equal(id, (string)queue.Single()!["id"]!);

        var sentBack = await clerk.PostAsJsonAsync($"/filings/{id}/decision", JsonNode.Parse("""{"decision":"RequestCorrection","missing":["申请人身份证明"],"reason":"缺少身份证明。"}"""));
        Assert.Equal(HttpStatusCode.OK, sentBack.StatusCode);
        Assert.Equal("CorrectionRequested", (string)(await filer.GetFromJsonAsync<JsonObject>($"/filings/{id}"))!["status"]!);
        Assert.Equal(HttpStatusCode.Conflict, (await clerk.PostAsJsonAsync($"/filings/{id}/decision", new { decision = "Accept", caseNumber = "SH01-2026-W1" })).StatusCode);

        var identity = await DocumentAsync(filer, "%PDF-1.7 身份证"u8.ToArray());
        var resubmitted = await filer.PutAsJsonAsync($"/filings/{id}", Application(judgment, identity));
        Assert.Equal(HttpStatusCode.OK, resubmitted.StatusCode);
        var caseNumber = CasesApiTests.NewCaseNumber();
        var accepted = await clerk.PostAsJsonAsync($"/filings/{id}/decision", new { decision = "Accept", caseNumber });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        var mine = (await filer.GetFromJsonAsync<JsonArray>("/filings"))!.Single()!;
        Assert.Equal(["Submitted", "CorrectionRequested", "Submitted", "Accepted"], mine["history"]!.AsArray().Select(h => (string)h!["status"]!));
        Assert.Equal(caseNumber, (string)mine["caseNumber"]!);
        var theCase = (await clerk.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}"))!;
        Assert.Equal((id, 2), ((string)theCase["filing"]!["applicationId"]!, theCase["filing"]!["documents"]!.AsArray().Count));
        Assert.Equal(HttpStatusCode.Conflict, (await filer.PutAsJsonAsync($"/filings/{id}", Application(judgment, identity))).StatusCode);
        Assert.Equal("%PDF-1.7 身份证"u8.ToArray(), await clerk.GetByteArrayAsync($"/filings/{id}/documents/{(string)identity["sha256"]!}"));

        var texts = File.ReadAllLines(_node.SmsFile).Select(l => JsonNode.Parse(l)!).Where(n => (string)n["mobile"]! == Mobile).Select(n => (string)n["text"]!).ToList();
        Assert.Contains(texts, t => t.Contains($"立案申请（编号{id}）已收到"));
        Assert.Contains(texts, t => t.Contains("需要补正：申请人身份证明"));
        Assert.Contains(texts, t => t.Contains($"已立案，案号{caseNumber}"));
    }

    [Fact]
    public async Task ARefusalIsFinalWithItsReason_AndNobodyElseSeesOrDecidesTheApplication()
    {
        var filer = await SignInAsync(Mobile);
        var stranger = await SignInAsync("13600004444");
        var document = await DocumentAsync(filer, "%PDF-1.7 申请书"u8.ToArray());
        var notTheirs = await stranger.PostAsJsonAsync("/filings", Application(await DocumentAsync(stranger, "%PDF-1.7 x"u8.ToArray())));
        Assert.Equal(HttpStatusCode.BadRequest, notTheirs.StatusCode);
        Assert.Contains("applicants", (await notTheirs.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));

        var id = (string)(await (await filer.PostAsJsonAsync("/filings", Application(document))).Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/filings/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _node.ClientFor("judge-sun").GetAsync($"/filings/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _node.ClientFor("chief-qian").PostAsJsonAsync($"/filings/{id}/decision", new { decision = "Refuse", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await filer.PostAsJsonAsync($"/filings/{id}/decision", new { decision = "Accept", caseNumber = "SH01-x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _node.ClientFor("clerk-li").PostAsJsonAsync($"/filings/{id}/decision", new { decision = "Refuse" })).StatusCode);

        var refused = await _node.ClientFor("clerk-li").PostAsJsonAsync($"/filings/{id}/decision", new { decision = "Refuse", reason = "执行依据尚未生效" });
        Assert.Equal("Refused", (string)(await refused.Content.ReadFromJsonAsync<JsonObject>())!["status"]!);
        Assert.Equal(HttpStatusCode.Conflict, (await _node.ClientFor("clerk-li").PostAsJsonAsync($"/filings/{id}/decision", new { decision = "Accept", caseNumber = "SH01-y" })).StatusCode);
        await Coordination.Testing.Wait.UntilAsync(() => File.ReadAllLines(_node.SmsFile).Any(l => ((string)JsonNode.Parse(l)!["text"]!).Contains("不予立案，理由：执行依据尚未生效")), "the applicant to be told why");
        Assert.Equal(HttpStatusCode.Forbidden, (await filer.GetAsync("/courts/SH01/filings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await filer.GetAsync("/judges/me/caseload")).StatusCode);
    }

    [Fact]
    public async Task AcceptingUnderACaseNumberAlreadyInUse_IsRefused_AndAcceptingAgainIsHarmless()
    {
        var filer = await SignInAsync(Mobile);
        var id = (string)(await (await filer.PostAsJsonAsync("/filings", Application(await DocumentAsync(filer, "%PDF-1.7 a"u8.ToArray())))).Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var taken = await PartySessions.FileAsync(_node);
        var clerk = _node.ClientFor("clerk-li");

        Assert.Equal(HttpStatusCode.Conflict, (await clerk.PostAsJsonAsync($"/filings/{id}/decision", new { decision = "Accept", caseNumber = taken })).StatusCode);
        var caseNumber = CasesApiTests.NewCaseNumber();
        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsJsonAsync($"/filings/{id}/decision", new { decision = "Accept", caseNumber })).StatusCode);
        Assert.Equal("Accepted", (string)(await clerk.GetFromJsonAsync<JsonArray>("/courts/SH01/filings"))!.Single(a => (string)a!["id"]! == id)!["status"]!);
    }

    [Fact]
    public async Task TheClerksQueueStream_AndTheFilersStream_SayWhenAnApplicationChanges()
    {
        var filer = await SignInAsync(Mobile);
        var clerk = _node.ClientFor("clerk-li");
        await using var queue = await EventStream.OpenAsync(clerk, "/streams/courts/SH01/filings");
        await using var mine = await EventStream.OpenAsync(filer, "/streams/filings");

        var submitted = await filer.PostAsJsonAsync("/filings", Application(await DocumentAsync(filer, "%PDF-1.7 判决书"u8.ToArray())));
        var id = (string)(await submitted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        Assert.Contains("\"subject\":\"filing-queue/SH01\"", (await queue.NextAsync()).Data, StringComparison.Ordinal);
        Assert.Contains($"\"subject\":\"filer/{Mobile}\"", (await mine.NextAsync()).Data, StringComparison.Ordinal);

        (await clerk.PostAsJsonAsync($"/filings/{id}/decision", JsonNode.Parse("""{"decision":"RequestCorrection","missing":["申请人身份证明"]}"""))).EnsureSuccessStatusCode();
        Assert.Equal("changed", (await queue.NextAsync()).Type);
        Assert.Equal("changed", (await mine.NextAsync()).Type);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("clerk-li").GetAsync("/streams/courts/SH02/filings")).StatusCode);
    }

    private async Task<HttpClient> SignInAsync(string mobile)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _node.CreateClient().PostAsJsonAsync("/filings/codes", new { courtId = "SH01", mobile })).StatusCode);
        var code = PartySessions.CodesSent(_node, mobile)[^1];
        var response = await _node.CreateClient().PostAsJsonAsync("/filings/tokens", new { mobile, code });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PartySessions.Client(_node, (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!);
    }

    private static Task<JsonObject> DocumentAsync(HttpClient filer, byte[] content) => CaseThreadApiTests.Upload(filer, "/filings/attachments", content, "application/pdf");

    private static JsonObject Application(params JsonObject[] documents)
    {
        var application = CasesApiTests.Filing("unused");
        application.Remove("caseNumber");
        application["documents"] = new JsonArray([.. documents.Select((d, i) => (JsonNode)new JsonObject { ["name"] = $"材料{i + 1}.pdf", ["sha256"] = (string)d["sha256"]! })]);
        return application;
    }
}
