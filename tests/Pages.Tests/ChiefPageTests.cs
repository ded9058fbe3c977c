using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Coordination.Pages.Tests;

/// <summary>
/// The bureau chief's pages (/chief/) in Debian's chromium against the node executable: deadlines that fall overdue
/// within seconds (a short renewal margin and a 2-second reminder period) reach the open page over the court's alert
/// stream, and the chief acts on them through the same API as any client.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ChiefPageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "chief-password-for-tests";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("coordination-chief-pages-");
    private RunningNode _node = null!;
    private Chromium _chromium = null!;

    public async Task InitializeAsync()
    {
        var rules = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(MosquittoBroker.RepositoryRoot(), "deploy", "courts", "deadline-rules.json")))!;
        rules["renewalMarginDays"] = 2; // a freeze expiring tomorrow is then due for renewal yesterday: overdue at once
        var rulesFile = Path.Combine(_folder.FullName, "rules.json");
        await File.WriteAllTextAsync(rulesFile, rules.ToJsonString());
        _node = new RunningNode("chief-pages", MosquittoBroker.FreePort(), $"--Courts:0:RulesFile={rulesFile}", "--Orleans:ReminderPeriod=00:00:02");
        await _node.RunVerbAsync(["set-password", "chief-zhao"], Password);
        await _node.StartAsync();
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _node.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task AChiefSeesAnOverdueNodeAppear_AndMarksAFocusCase()
    {
        var page = await _chromium.NewPageAsync(output);
        await Chromium.SignInAsync(page, _node.BaseUrl, "chief-zhao", Password);
        Assert.EndsWith("/chief/", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#link[data-state='live']")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        // A freeze that should already have been renewed: the node warns the court's stream, the page refreshes its overdue list.
        var caseNumber = await CaseWithOverdueRenewalAsync();
        var node = page.Locator($"#overdue li[data-case='{caseNumber}']");
        await Assertions.Expect(node).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(node).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("tier-overdue"));
        await Assertions.Expect(page.Locator($"#alerts li[data-case='{caseNumber}']").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#alert-badge")).Not.ToBeEmptyAsync();

        // The chief marks it focus from the overdue list, with a note.
        await node.Locator("button.focus-on").ClickAsync();
        await page.FillAsync("#focus-form textarea[name=note]", "信访案件，每周跟进");
        await page.ClickAsync("#focus-form button[type=submit]");
        await Assertions.Expect(page.Locator($"#focus li[data-case='{caseNumber}']")).ToContainTextAsync("信访案件，每周跟进");
        await Assertions.Expect(node.Locator("button.focus-off")).ToBeVisibleAsync();

        using var chief = await _node.ClientForAsync("chief-zhao");
        var cases = await chief.GetFromJsonAsync<JsonArray>("/courts/SH01/cases");
        var entry = Assert.Single(cases!, c => (string?)c!["caseNumber"] == caseNumber)!;
        Assert.True((bool)entry["focus"]!);
        Assert.Equal("信访案件，每周跟进", (string?)entry["focusNote"]);

        await Screenshot(page, "chief-overview.png");
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

    private async Task Screenshot(IPage page, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestResults", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }
}
