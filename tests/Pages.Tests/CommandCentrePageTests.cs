using System.Diagnostics;
using System.Net.Http.Json;
using Coordination.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Coordination.Pages.Tests;

/// <summary>
/// The command-centre page (Leaflet, no tile server set) in Debian's chromium, driven by Playwright (it never downloads a
/// browser), against the node executable with the device bridge on a real mosquitto and the device simulator publishing.
/// </summary>
[Trait("Category", "Browser")]
public sealed class CommandCentrePageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "centre-password-for-tests";
    private MosquittoBroker _broker = null!;
    private RunningNode _node = null!;
    private Process? _simulator;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        // A freeze expiring tomorrow is then due for renewal yesterday: overdue at once.
        var rulesFile = await StatutoryRules.WriteAsync(_broker.Folder, "renewalMarginDays", 2);
        _node = new RunningNode("command-centre", MosquittoBroker.FreePort(),
            "--DeviceBridge:Enabled=true", $"--DeviceBridge:Port={_broker.Port}", $"--DeviceBridge:PasswordFile={_broker.BridgePasswordFile}",
            $"--Courts:0:RulesFile={rulesFile}",
            // A reminder set for an instant already passed (the overdue renewal) fires within one reminder period (Orleans
            // waits for the period's next boundary): two seconds here, a minute by default.
            "--Orleans:ReminderPeriod=00:00:02");
        await _node.RunVerbAsync(["set-password", "centre-chen"], Password);
        await _node.StartAsync();
        _simulator = _node.StartVerb(["simulate", "--teams", "1", "--rate", "8", "--duration", "300", "--malformed-every", "100000",
            "--password-file", Path.Combine(_broker.Folder, "credentials", "simulator")]);
    }

    public async Task DisposeAsync()
    {
        if (_simulator is { HasExited: false })
        {
            _simulator.Kill();
            await _simulator.WaitForExitAsync();
        }

        await _node.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task ThePageShowsLivePositionsWithinTwoSeconds_AnOverdueWarning_AndACasesRecord()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(output);
        var elsewhere = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(_node.BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };

        await Chromium.SignInAsync(page, _node.BaseUrl, "centre-chen", Password);
        Assert.EndsWith("/command-centre/", page.Url, StringComparison.Ordinal);
        await page.WaitForSelectorAsync("#board:not([hidden])");
        await page.WaitForSelectorAsync("#map.leaflet-container path.court-area.court-SH01");

        // A position the simulator publishes reaches the map within 2 seconds, and then keeps moving the marker.
        var team = "path.team[data-team='SH01-T1']";
        await page.WaitForSelectorAsync(team, new() { Timeout = 2_000 });
        var sequence = await page.GetAttributeAsync(team, "data-sequence");
        var moved = Stopwatch.StartNew();
        await page.WaitForFunctionAsync("([selector, seen]) => document.querySelector(selector)?.dataset.sequence !== seen", new[] { team, sequence }, new() { Timeout = 2_000 });
        output.WriteLine($"next position on the map {moved.ElapsedMilliseconds} ms after the previous one");

        // A freeze that should already have been renewed: the overdue warning appears in the feed.
        var caseNumber = await CaseWithOverdueRenewalAsync();
        var warning = page.Locator($"#feed li[data-tier='Overdue']", new() { HasText = caseNumber });
        await warning.WaitForAsync(new() { Timeout = 10_000 });
        Assert.Contains("overdue", await warning.GetAttributeAsync("class"));

        // Clicking the case opens its record.
        await warning.Locator("a.case").ClickAsync();
        await page.WaitForSelectorAsync("#record[open]");
        Assert.Contains(caseNumber, await page.TextContentAsync("#record-title"));
        Assert.Contains("Frozen", await page.TextContentAsync("#record-entries"));

        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "command-centre.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"screenshot: {screenshot}");

        // No tile server is set: the page asked nothing of any other address.
        Assert.Empty(elsewhere);
    }

    private async Task<string> CaseWithOverdueRenewalAsync()
    {
        var caseNumber = await _node.FileAndAssignCaseAsync();
        var tomorrow = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime).AddDays(1);
        using var judge = await _node.ClientForAsync("judge-wang");
        var frozen = await judge.PostAsJsonAsync($"/cases/{caseNumber}/steps",
            new { kind = "Frozen", target = "工商银行账户 6222020000001234", amount = 50000, expiresOn = tomorrow.ToString("yyyy-MM-dd") });
        Assert.True(frozen.IsSuccessStatusCode, await frozen.Content.ReadAsStringAsync());
        return caseNumber;
    }
}
