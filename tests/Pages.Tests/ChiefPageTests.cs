using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Coordination.Pages.Tests;

/// <summary>
/// The bureau chief's pages (/chief/) in Debian's chromium against the node executable: deadlines that fall overdue
/// within seconds (a short renewal margin and a 2-second reminder period) reach the open page over the court's alert
/// stream, and the chief acts through the same API as any client. One node serves the class's tests.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ChiefPageTests(ChiefPageTests.ChiefNode fixture, ITestOutputHelper output) : IClassFixture<ChiefPageTests.ChiefNode>
{
    private const string Password = "chief-password-for-tests";
    private RunningNode Node => fixture.Node;

    [Fact]
    public async Task AChiefSeesAnOverdueNodeAppear_AndMarksAFocusCase()
    {
        var page = await fixture.Chromium.NewPageAsync(output);
        await Chromium.SignInAsync(page, Node.BaseUrl, "chief-zhao", Password);
        Assert.EndsWith("/chief/", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#link[data-state='live']")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        // A freeze that should already have been renewed: the node warns the court's stream, the page refreshes its overdue list.
        var caseNumber = await CaseWithOverdueRenewalAsync();
        var node = page.Locator($"#overdue li[data-case='{caseNumber}']");
        await Assertions.Expect(node).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(node).ToHaveClassAsync(new Regex("tier-overdue"));
        await Assertions.Expect(node).ToContainTextAsync("冻结到期前续冻"); // the rule's title from the resource file, not the rules file's English
        await Assertions.Expect(page.Locator($"#alerts li[data-case='{caseNumber}']", new() { HasText = "冻结到期前续冻：已逾期" }).First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#alert-badge")).Not.ToBeEmptyAsync();

        // The chief marks it focus from the overdue list, with a note.
        await node.Locator("button.focus-on").ClickAsync();
        await page.FillAsync("#focus-form textarea[name=note]", "信访案件，每周跟进");
        await page.ClickAsync("#focus-form button[type=submit]");
        await Assertions.Expect(page.Locator($"#focus li[data-case='{caseNumber}']")).ToContainTextAsync("信访案件，每周跟进");
        await Assertions.Expect(node.Locator("button.focus-off")).ToBeVisibleAsync();

        using var chief = await Node.ClientForAsync("chief-zhao");
        var cases = await chief.GetFromJsonAsync<JsonArray>("/courts/SH01/cases");
        var entry = Assert.Single(cases!, c => (string?)c!["caseNumber"] == caseNumber)!;
        Assert.True((bool)entry["focus"]!);
        Assert.Equal("信访案件，每周跟进", (string?)entry["focusNote"]);

        await ScreenshotAsync(page, "chief-overview.png");
    }

    [Fact]
    public async Task AChiefFindsTheExtensionAndTheNoticeInTheCourtsQueue_GrantsAndReleasesThem_AndSeesTheJudgesAndTheFigures()
    {
        // The judge asks for 30 more days and imposes a credit measure, whose notice SH01 sends only by hand.
        var caseNumber = await Node.FileAndAssignCaseAsync();
        using var judge = await Node.ClientForAsync("judge-wang");
        var asked = await judge.PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "ExtensionRequested", days = 30, note = "财产拍卖未完成" });
        Assert.True(asked.IsSuccessStatusCode, await asked.Content.ReadAsStringAsync());
        var credit = await judge.PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "CreditMeasureImposed", credit = "ConsumptionRestriction", note = "限制高消费" });
        Assert.True(credit.IsSuccessStatusCode, await credit.Content.ReadAsStringAsync());
        using var chief = await Node.ClientForAsync("chief-zhao");
        await Wait.UntilAsync(async () => (await AwaitingApprovalAsync(chief, caseNumber)) > 0, "the credit measure's notice to wait for approval", TimeSpan.FromSeconds(20));

        var page = await fixture.Chromium.NewPageAsync(output);
        await Chromium.SignInAsync(page, Node.BaseUrl, "chief-zhao", Password);
        await page.GotoAsync($"{Node.BaseUrl}/chief/approvals.html");
        var queued = page.Locator($"#queue-extensions li[data-case='{caseNumber}']");
        await Assertions.Expect(queued).ToContainTextAsync("30");
        await Assertions.Expect(page.Locator("#queue-notices li[data-key]").Filter(new() { HasText = caseNumber }).First).ToBeVisibleAsync();
        await queued.Locator("button").ClickAsync();
        var grant = page.Locator("#grant-form");
        await Assertions.Expect(grant).ToContainTextAsync("judge-wang");
        await Assertions.Expect(grant.Locator("input[name=days]")).ToHaveValueAsync("30");
        await grant.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#no-extension")).ToBeVisibleAsync();
        var theCase = await chief.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}");
        Assert.Equal(30, (int)theCase!["extensionDaysGranted"]!);
        await Assertions.Expect(queued).ToHaveCountAsync(0);

        var notice = page.Locator("#notices li[data-key]").First;
        await Assertions.Expect(notice).ToContainTextAsync("张三");
        var waiting = await AwaitingApprovalAsync(chief, caseNumber);
        await notice.Locator("button.approve").ClickAsync();
        await Assertions.Expect(page.Locator("#notices li[data-key]")).ToHaveCountAsync(waiting - 1);
        Assert.Equal(waiting - 1, await AwaitingApprovalAsync(chief, caseNumber));
        await Assertions.Expect(page.Locator("#queue-notices li[data-key]").Filter(new() { HasText = caseNumber })).ToHaveCountAsync(waiting - 1);

        // Per judge: judge-wang's load and week; the figures as the API gives them.
        await page.GotoAsync($"{Node.BaseUrl}/chief/judges.html");
        await Assertions.Expect(page.Locator("#loads tr[data-judge='judge-wang']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("section.judge[data-judge='judge-wang'] .week")).ToBeVisibleAsync();

        await page.GotoAsync($"{Node.BaseUrl}/chief/statistics.html");
        var statistics = await chief.GetFromJsonAsync<JsonObject>("/courts/SH01/statistics");
        await Assertions.Expect(page.Locator("#pending-now")).ToHaveTextAsync(((int)statistics!["pending"]!).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#judges tr[data-judge='judge-wang']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#periods tr")).ToHaveCountAsync(6);
        await ScreenshotAsync(page, "chief-statistics.png");

        await page.GotoAsync($"{Node.BaseUrl}/chief/activity.html");
        await Assertions.Expect(page.Locator("#grid-areas tr[data-area='SH01-NJDL']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#notice-facts dd[data-status='AwaitingApproval']")).ToHaveTextAsync(new Regex("^\\d+$"));
        await ScreenshotAsync(page, "chief-activity.png");
    }

    private static async Task<int> AwaitingApprovalAsync(HttpClient chief, string caseNumber) =>
        (await chief.GetFromJsonAsync<JsonArray>($"/cases/{caseNumber}/notices"))!.Count(n => (string?)n!["status"] == "AwaitingApproval");

    private async Task<string> CaseWithOverdueRenewalAsync()
    {
        var caseNumber = await Node.FileAndAssignCaseAsync();
        var tomorrow = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime).AddDays(1);
        using var judge = await Node.ClientForAsync("judge-wang");
        var frozen = await judge.PostAsJsonAsync($"/cases/{caseNumber}/steps",
            new { kind = "Frozen", target = "工商银行账户 6222020000001234", amount = 50000, expiresOn = tomorrow.ToString("yyyy-MM-dd") });
        Assert.True(frozen.IsSuccessStatusCode, await frozen.Content.ReadAsStringAsync());
        return caseNumber;
    }

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestResults", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }

    /// <summary>The class's node: SH01's rules with a 2-day renewal margin, a 2-second reminder period, chief-zhao's password; and the browser.</summary>
    public sealed class ChiefNode : IAsyncLifetime
    {
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("coordination-chief-pages-");

        internal RunningNode Node { get; private set; } = null!;

        internal Chromium Chromium { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            // A freeze expiring tomorrow is then due for renewal yesterday: overdue at once.
            var rulesFile = await StatutoryRules.WriteAsync(_folder.FullName, "renewalMarginDays", 2);
            Node = new RunningNode("chief-pages", MosquittoBroker.FreePort(), $"--Courts:0:RulesFile={rulesFile}", "--Orleans:ReminderPeriod=00:00:02");
            await Node.RunVerbAsync(["set-password", "chief-zhao"], Password);
            await Node.StartAsync();
            Chromium = await Chromium.LaunchAsync();
        }

        public async Task DisposeAsync()
        {
            await Chromium.DisposeAsync();
            await Node.DisposeAsync();
            _folder.Delete(recursive: true);
        }
    }
}
