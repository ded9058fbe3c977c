using Coordination.Grains.Alerts;
using Coordination.Grains.Cases;
using Coordination.Grains.Messages;
using Coordination.Testing;

namespace Coordination.Grains.Tests.Messages;

/// <summary>The case thread keeps its messages in the case record and counts what each reader has not read.</summary>
public sealed class CaseThreadTests : IAsyncLifetime
{
    private readonly CaseNode _node = new();

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    [Fact]
    public async Task APartysMessage_IsInTheRecord_PromptsTheJudge_AndIsUnreadUntilMarked_AcrossARestart()
    {
        var number = CaseNode.NewCaseNumber();
        var grain = await _node.FileAndAssignAsync(number);
        var judge = await _node.CollectAsync(AlertStreams.ForJudge("judge-wang"));
        var thread = _node.Client.GetGrain<ICaseThreadGrain>(number);
        var applicant = $"party:{number}:a0";
        var file = new Attachment("借条.pdf", "application/pdf", 1234, new string('a', 64));

        var posted = await thread.Post(applicant, new ThreadPost("法官您好，被执行人最近在浦东出现", [file], ClientKey: "k1"));
        var repeated = await thread.Post(applicant, new ThreadPost("法官您好，被执行人最近在浦东出现", [file], ClientKey: "k1"));

        // The same message: every field equal (the attachment lists are copies, equal item by item).
        Assert.Equal(posted with { Attachments = [] }, repeated with { Attachments = [] });
        Assert.Equal(posted.Attachments, repeated.Attachments);
        Assert.Equal(("a0", "applicant", "张三"), (posted.From, posted.Role, posted.Name));
        var entry = Assert.Single(await grain.GetRecord(), e => e.Kind == CaseStepKind.MessagePosted);
        Assert.Equal((applicant, file), (entry.Actor, Assert.Single(entry.Step!.Attachments!)));
        await Wait.UntilAsync(() => judge.For(number).Any(a => a.Kind == AlertKind.MessageReceived), "the judge to be prompted");
        Assert.Equal(1, (await thread.Unread("judge-wang")).Unread);
        Assert.Equal(0, (await thread.Unread(applicant)).Unread);

        await _node.Node.RestartAsync();
        thread = _node.Client.GetGrain<ICaseThreadGrain>(number);
        Assert.Equal(1, (await thread.Read("judge-wang")).Unread);
        await thread.MarkRead("judge-wang", posted.Sequence);
        var reply = await thread.Post("judge-wang", new ThreadPost("收到，将于本周核查", null, null));

        Assert.Equal(("court", "judge-wang"), (reply.Role, reply.Name));
        Assert.Equal(0, (await thread.Unread("judge-wang")).Unread);
        Assert.Equal(1, (await thread.Unread(applicant)).Unread);
        Assert.Equal(2, (await thread.Unread($"party:{number}:d0")).Unread);
        Assert.Equal(file, await thread.FindAttachment(file.Sha256));
        Assert.Null(await thread.FindAttachment(new string('b', 64)));
        Assert.Equal(2, (await _node.Case(number).Get()).Messages);
    }
}
