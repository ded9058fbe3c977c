using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using Xunit.Abstractions;

namespace Coordination.Silo.Tests;

/// <summary>The node executable sending notices to an SMS gateway, killed with SIGKILL while the gateway holds the messages.</summary>
public sealed class NotificationCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ANodeKilledBetweenWritingAndHearingBackAboutANotice_GetsItToThePartyExactlyOnceAfterRestart()
    {
        await using var sms = await FakeSmsGateway.StartAsync();
        // A send reminder that came due while the node was down fires within one reminder period of the restart: two seconds here, a minute by default.
        await using var node = new RunningNode("notices", MosquittoBroker.FreePort(), "--Notifications:Channel=http", $"--Notifications:GatewayUrl={sms.Url}",
            $"--Notifications:GatewayUsername={FakeSmsGateway.Username}", $"--Notifications:GatewayPassword={FakeSmsGateway.Password}", "--Orleans:ReminderPeriod=00:00:02");
        await node.StartAsync();
        sms.Hold();

        var caseNumber = await node.FileAndAssignCaseAsync();
        string[] keys = [$"{caseNumber}~1~a0", $"{caseNumber}~2~a0"];
        await Wait.UntilAsync(() => keys.All(k => sms.AttemptsOf(k) == 1), "the gateway to take both notices (and hold its answer)");
        await node.KillAsync();
        sms.Release();
        await node.StartAsync();

        using var judge = await node.ClientForAsync("judge-wang");
        await Wait.UntilAsync(async () => (await judge.GetFromJsonAsync<JsonArray>($"/cases/{caseNumber}/notices"))!.All(n => (string?)n!["status"] == "Sent"),
            "both notices to be sent after the restart", TimeSpan.FromSeconds(60));
        foreach (var key in keys)
        {
            output.WriteLine($"{key}: {sms.AttemptsOf(key)} requests, delivered once: {sms.Delivered[key].Text}");
            Assert.Equal(2, sms.AttemptsOf(key));
        }

        Assert.Equal(2, sms.Delivered.Keys.Count(k => k.StartsWith(caseNumber, StringComparison.Ordinal)));
    }
}
