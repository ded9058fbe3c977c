using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coordination.Gateway.Streams;
using Coordination.Gateway.Tests.Cases;
using Coordination.Grains;
using Coordination.Grains.Alerts;
using Coordination.Grains.Journals;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Tests.Alerts;

public sealed class AlertStreamsApiTests : IAsyncLifetime
{
    private readonly NodeFactory _node = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private static async Task<List<ServerEvent>> ReadEventsAsync(HttpClient client, string path, string? lastEventId, int events)
    {
        await using var stream = await EventStream.OpenAsync(client, path, lastEventId);
        return await stream.NextAsync(events);
    }

    [Fact]
    public async Task JudgeStream_ResumesAfterLastEventId_WithNothingMissedOrRepeated()
    {
        var number = CasesApiTests.NewCaseNumber();
        await _node.ClientFor("clerk-li").PostAsJsonAsync("/cases", CasesApiTests.Filing(number));
        await _node.ClientFor("chief-zhao").PostAsJsonAsync($"/cases/{number}/steps", new { kind = "JudgeAssigned", judgeId = "judge-wang" });
        var judge = _node.ClientFor("judge-wang");

        var first = Assert.Single(await ReadEventsAsync(judge, "/streams/judge", "0", 1));
        Assert.Equal(("1", "CaseAssigned"), (first.Id, first.Type));
        Assert.Contains(number, first.Data);
        Assert.Contains("\"textKey\":\"caseAssigned\"", first.Data, StringComparison.Ordinal); // worded for the pages in the reader's language

        // Two days before the notice deadline: upcoming warnings for the notice and the property report.
        _node.Time.Advance(new DateTimeOffset(2026, 1, 6, 0, 0, 0, TimeSpan.FromHours(8)) - _node.Time.GetUtcNow());
        var resumed = await ReadEventsAsync(_node.ClientFor("judge-wang"), "/streams/judge", first.Id, 2); // a fresh token: 16 hours passed
        Assert.Equal(["2", "3"], resumed.Select(e => e.Id));
        Assert.All(resumed, e => Assert.Equal("Deadline", e.Type));
        Assert.Contains(resumed, e => e.Data.Contains("\"deadlineId\":\"enforcement-notice\"", StringComparison.Ordinal) && e.Data.Contains("\"tier\":\"Upcoming\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAlertWhoseLiveItemWasLost_ReachesAnOpenStream_FromTheLog_AfterTheQuietPeriod()
    {
        var number = CasesApiTests.NewCaseNumber();
        await _node.ClientFor("clerk-li").PostAsJsonAsync("/cases", CasesApiTests.Filing(number));
        await _node.ClientFor("chief-zhao").PostAsJsonAsync($"/cases/{number}/steps", new { kind = "JudgeAssigned", judgeId = "judge-wang" });
        await using var stream = await EventStream.OpenAsync(_node.ClientFor("judge-wang"), "/streams/judge", "0");
        var assigned = await stream.NextAsync();

        // Appended to the log, but its live item never sent: as when the node holding the live stream dies in between.
        var judgeStream = AlertStreams.ForJudge("judge-wang");
        var stored = Assert.Single(await _node.Services.GetRequiredService<AlertLog>().ReadAsync(judgeStream, 0, 1, CancellationToken.None));
        await _node.Services.GetRequiredService<ILogStorage>().AppendNextAsync(judgeStream.Log, JsonSerializer.Serialize(stored.Alert, GrainsJsonContext.Default.Alert), "lost-live-item");
        var next = stream.NextAsync();
        await Wait.UntilAsync(() =>
        {
            _node.Time.Advance(StreamEvents.QuietReread);
            return Task.FromResult(next.IsCompleted);
        }, "the stream to read the log after a quiet period");

        Assert.Equal(("1", "2"), (assigned.Id, (await next).Id));
        Assert.Equal(assigned.Data, (await next).Data);
    }

    [Fact]
    public async Task Streams_AreRefusedToTheWrongRole_AndABadLastEventIdIs400()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("chief-zhao").GetAsync("/streams/judge")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("chief-qian").GetAsync("/streams/courts/SH01")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("judge-wang").GetAsync("/streams/command-centre")).StatusCode);
        var bad = await _node.ClientFor("judge-wang").GetAsync("/streams/judge?lastEventId=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
