using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Gateway.Tests.Cases;
using Coordination.Gateway.Tests.Parties;

namespace Coordination.Gateway.Tests.Messages;

/// <summary>The case thread over HTTP: parties and their lawyers with party tokens, the judge with theirs; files uploaded, type- and size-checked, served back only to the case.</summary>
public sealed class CaseThreadApiTests : IAsyncLifetime
{
    internal static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8, .. Enumerable.Repeat((byte)'x', 3000)];
    private readonly NodeFactory _node = new() { Settings = { ["Attachments:MaxBytes"] = "65536" } };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task APartysMessageWithAFile_ReachesTheJudgeAsUnread_TheReplyReachesTheParty_AndBothAreInTheRecord()
    {
        var caseNumber = await PartySessions.FileAsync(_node);
        var party = await PartySessions.SignInAsync(_node, caseNumber);
        var judge = _node.ClientFor("judge-wang");

        var uploaded = await Upload(party, "/party/case/attachments", Pdf, "application/pdf");
        var sha256 = (string)uploaded["sha256"]!;
        var posted = await party.PostAsJsonAsync("/party/case/messages", new { text = "被执行人最近在浦东出现，附照片", attachments = new[] { new { name = "线索.pdf", sha256 } } });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        var unread = (await judge.GetFromJsonAsync<JsonArray>("/judges/me/messages"))!;
        Assert.Equal((caseNumber, 1), ((string)unread.Single()!["caseNumber"]!, (int)unread.Single()!["unread"]!));
        var thread = (await judge.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}/messages"))!;
        var message = thread["messages"]!.AsArray().Single()!;
        Assert.Equal(("applicant", "张三", "application/pdf", Pdf.Length), ((string)message["role"]!, (string)message["name"]!,
            (string)message["attachments"]![0]!["contentType"]!, (int)message["attachments"]![0]!["size"]!));
        Assert.Equal(Pdf, await judge.GetByteArrayAsync($"/cases/{caseNumber}/attachments/{sha256}"));

        var read = await judge.PutAsJsonAsync($"/cases/{caseNumber}/messages/read", new { upTo = (long)message["sequence"]! });
        Assert.Equal(0, (int)(await read.Content.ReadFromJsonAsync<JsonObject>())!["unread"]!);
        (await judge.PostAsJsonAsync($"/cases/{caseNumber}/messages", new { text = "收到，本周核查" })).EnsureSuccessStatusCode();

        Assert.Equal(1, (int)(await party.GetFromJsonAsync<JsonObject>("/party/case/messages"))!["unread"]!);
        await Coordination.Testing.Wait.UntilAsync(() => File.ReadAllLines(_node.SmsFile).Any(l => ((string)JsonNode.Parse(l)!["text"]!).Contains("案件群中给您留言")), "the parties to be told by SMS");
        var record = (await judge.GetFromJsonAsync<JsonArray>($"/cases/{caseNumber}/record"))!;
        Assert.Equal(2, record.Count(e => (string)e!["kind"]! == "MessagePosted"));
        Assert.Equal(sha256, (string)record.First(e => (string)e!["kind"]! == "MessagePosted")!["step"]!["attachments"]![0]!["sha256"]!);
    }

    [Fact]
    public async Task Files_AreCheckedForTypeAndSize_AndAFileChangedOnDiskIsNotServed()
    {
        var caseNumber = await PartySessions.FileAsync(_node);
        var party = await PartySessions.SignInAsync(_node, caseNumber);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Send(party, "/party/case/attachments", "just text"u8.ToArray(), "text/plain")).StatusCode);
        var mislabelled = await Send(party, "/party/case/attachments", Pdf, "image/png");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, mislabelled.StatusCode);
        var wrongType = (await mislabelled.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("The file type is not accepted.", "The file is application/pdf, not image/png.", "message.fileNotDeclaredType"),
            ((string)wrongType["title"]!, (string)wrongType["detail"]!, (string)wrongType["text"]!["key"]!));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Send(party, "/party/case/attachments", [.. "%PDF-"u8, .. new byte[70_000]], "application/pdf")).StatusCode);
        var unknown = await party.PostAsJsonAsync("/party/case/messages", new { attachments = new[] { new { name = "x.pdf", sha256 = new string('c', 64) } } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await party.PostAsJsonAsync("/party/case/messages", new { text = " " })).StatusCode);

        var sha256 = (string)(await Upload(party, "/party/case/attachments", Pdf, "application/pdf"))["sha256"]!;
        (await party.PostAsJsonAsync("/party/case/messages", new { attachments = new[] { new { name = "借条.pdf", sha256 } } })).EnsureSuccessStatusCode();
        _node.ExecuteSql("UPDATE stored_files SET content = @content WHERE sha256 = @sha256", ("@content", "%PDF-1.7 altered"u8.ToArray()), ("@sha256", sha256));
        Assert.Equal(HttpStatusCode.InternalServerError, (await party.GetAsync($"/party/case/attachments/{sha256}")).StatusCode);
    }

    [Fact]
    public async Task ALawyer_SignsInWithTheirOwnIdentity_WritesForTheirClient_AndNeverSeesAnotherCasesFiles()
    {
        var caseNumber = await PartySessions.FileAsync(_node, lawyer: true);
        var other = await PartySessions.FileAsync(_node);
        var lawyer = await PartySessions.SignInAsync(_node, caseNumber, PartySessions.LawyerIdNumber, PartySessions.LawyerMobile);
        var otherParty = await PartySessions.SignInAsync(_node, other);

        var posted = await lawyer.PostAsJsonAsync("/party/case/messages", new { text = "代理人：申请人同意分期方案", clientKey = "m-1" });
        var again = await lawyer.PostAsJsonAsync("/party/case/messages", new { text = "代理人：申请人同意分期方案", clientKey = "m-1" });
        var message = (await posted.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("a0.lawyer", "applicant's lawyer", "王律师"), ((string)message["from"]!, (string)message["role"]!, (string)message["name"]!));
        Assert.Equal((long)message["sequence"]!, (long)(await again.Content.ReadFromJsonAsync<JsonObject>())!["sequence"]!);

        var sha256 = (string)(await Upload(lawyer, "/party/case/attachments", Pdf, "application/pdf"))["sha256"]!;
        (await lawyer.PostAsJsonAsync("/party/case/messages", new { attachments = new[] { new { name = "授权委托书.pdf", sha256 } } })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await otherParty.GetAsync($"/party/case/attachments/{sha256}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherParty.GetAsync($"/cases/{caseNumber}/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherParty.GetAsync($"/cases/{caseNumber}/attachments/{sha256}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("judge-zhou").PostAsJsonAsync($"/cases/{caseNumber}/messages", new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _node.ClientFor("judge-sun").GetAsync($"/cases/{caseNumber}/messages")).StatusCode);
        Assert.Empty((await otherParty.GetFromJsonAsync<JsonObject>("/party/case/messages"))!["messages"]!.AsArray());
    }

    internal static async Task<JsonObject> Upload(HttpClient client, string path, byte[] content, string type)
    {
        var response = await Send(client, path, content, type);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string path, byte[] content, string type)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(type);
        return client.PostAsync(path, body);
    }
}
