using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Silo.Runtime;
using Coordination.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Coordination.Silo.Tests;

/// <summary>
/// The node executable stopped with SIGTERM while a judge's alert stream is open: the stream ends at once, the node
/// exits within seconds, and a client that resumes with Last-Event-ID after the restart misses nothing.
/// </summary>
public sealed class GracefulStopTests(ITestOutputHelper output)
{
    // The silo host's own stop line; a console rule, since the node keeps Orleans below warnings out of its log.
    private static readonly string[] Logging =
        ["--Logging:LogLevel:Coordination.Gateway.Streams=Information", "--Logging:Console:LogLevel:Orleans.Hosting.SiloHostedService=Information"];

    [Fact]
    public async Task Sigterm_WithAnEventStreamOpen_EndsTheStreamAtOnceAndStopsWithinFiveSeconds()
    {
        await using var node = new RunningNode("graceful-stop", MosquittoBroker.FreePort(), Logging);
        await node.StartAsync();
        await node.FileAndAssignCaseAsync();
        using var judge = await node.ClientForAsync("judge-wang");
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = await EventStream.OpenAsync(judge, "/streams/judge", lastEventId: "0", limit.Token);
        Assert.Equal("CaseAssigned", (await stream.NextAsync(limit.Token))?.Type); // the stream is live
        var end = stream.ReadToEndAsync(limit.Token);

        var stopped = await node.TerminateAsync(TimeSpan.FromSeconds(10));

        output.WriteLine($"SIGTERM to exit: {stopped.TotalMilliseconds:0} ms\n{node.Log}");
        Assert.Empty(await end); // ended by the server, not broken: a broken connection throws
        Assert.True(stopped < TimeSpan.FromSeconds(5), $"The node took {stopped.TotalSeconds:0.0} s to stop.");
        Assert.Equal(0, node.ExitCode);
        Assert.Contains("closing 1 event stream(s)", node.Log, StringComparison.Ordinal);
        // The silo's stop ran to its end: every grain deactivated, then the storage stopped after its last writes.
        Assert.Contains("Orleans Silo stopped.", node.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Graceful shutdown aborted", node.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Shutdown timeout", node.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("\"LogLevel\":\"Error\"", node.Log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 60)] // the bridge's 30 s with its defaults, then 30 s for the silo
    [InlineData("00:00:10", 75)]
    public void TheHostsStopTimeout_LeavesTheSiloItsStop_AfterTheDeviceBridgesLongestDrain(string? operationTimeout, int seconds)
    {
        var builder = WebApplication.CreateBuilder();
        if (operationTimeout is not null)
        {
            builder.Configuration["DeviceBridge:OperationTimeout"] = operationTimeout;
        }

        builder.AddNodeRuntime();
        using var services = builder.Services.BuildServiceProvider();

        Assert.Equal(TimeSpan.FromSeconds(seconds), services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public async Task AClientResumingWithLastEventIdAfterARestart_GetsTheAlertsPublishedSinceItsLastId()
    {
        await using var node = new RunningNode("resume-after-stop", MosquittoBroker.FreePort(), Logging);
        await node.StartAsync();
        var before = await node.FileAndAssignCaseAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        string lastEventId;
        using (var judge = await node.ClientForAsync("judge-wang"))
        using (var stream = await EventStream.OpenAsync(judge, "/streams/judge", lastEventId: "0", limit.Token))
        {
            var seen = (await stream.NextAsync(limit.Token))!.Value;
            Assert.Contains(before, seen.Data, StringComparison.Ordinal);
            lastEventId = seen.Id;
            var end = stream.ReadToEndAsync(limit.Token);
            await node.TerminateAsync(TimeSpan.FromSeconds(10));
            Assert.Empty(await end);
        }

        await node.StartAsync();
        var after = await node.FileAndAssignCaseAsync(); // published while the client was away
        using var judgeAgain = await node.ClientForAsync("judge-wang");
        using var resumed = await EventStream.OpenAsync(judgeAgain, "/streams/judge", lastEventId, limit.Token);
        var next = (await resumed.NextAsync(limit.Token))!.Value;

        Assert.Equal((long.Parse(lastEventId, CultureInfo.InvariantCulture) + 1, "CaseAssigned"), (long.Parse(next.Id, CultureInfo.InvariantCulture), next.Type));
        Assert.Contains(after, next.Data, StringComparison.Ordinal);
        // What was acknowledged before the stop is still there.
        Assert.Equal("judge-wang", (string?)(await judgeAgain.GetFromJsonAsync<JsonObject>($"/cases/{before}", limit.Token))!["judgeId"]);
    }
}
