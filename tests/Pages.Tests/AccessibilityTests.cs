using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Coordination.Pages.Tests;

/// <summary>
/// Every page, signed in as its role with real data, checked by axe-core once its content has loaded: none may have a
/// violation of impact "serious" or "critical". One node (the judge's pages' fixture, whose device bridge and peer
/// give the case page its field work) serves the class; the other roles' passwords are set while it runs.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class AccessibilityTests(JudgePagesNode fixture, ITestOutputHelper output) : IClassFixture<JudgePagesNode>
{
    private const string Password = JudgePagesNode.Password;
    private const string ApplicantIdNumber = "310101198001010018";
    private const string ApplicantMobile = "13800001111";
    private const string FilerMobile = "13700003333";

    /// <summary>The passwords set on a node, per node folder and user: each is a run of the executable.</summary>
    private static readonly ConcurrentDictionary<string, Task> PasswordsSet = new();

    private readonly List<string> _violations = [];

    private RunningNode Node => fixture.Node;

    private string SmsFile => Path.Combine(Node.Folder, "data", "sms", "outbox.jsonl");

    [Fact]
    public async Task TheSignInPage_HasNoSeriousOrCriticalAccessibilityViolations()
    {
        var page = await fixture.Chromium.NewPageAsync(output);
        await page.GotoAsync(Node.BaseUrl + "/signin/");
        await Assertions.Expect(page.Locator("#sign-in button[type=submit]")).ToBeEnabledAsync();
        await CheckAsync(page, "the sign-in page");

        await page.FillAsync("#sign-in input[name=userId]", "judge-wang");
        await page.FillAsync("#sign-in input[name=password]", "not-the-password");
        await page.ClickAsync("#sign-in button[type=submit]");
        await Assertions.Expect(page.Locator("#sign-in .form-error")).Not.ToBeEmptyAsync();
        await CheckAsync(page, "the sign-in page with its error");

        AssertNoSeriousOrCriticalViolations();
    }

    [Fact]
    public async Task EveryJudgePage_HasNoSeriousOrCriticalAccessibilityViolations()
    {
        // A case at the debtor's address (so the case page offers field work), with a freeze, a plan item and a trip.
        var caseNumber = await Node.FileAndAssignCaseAsync("judge-wang", JudgePagesNode.NanjingRoadAddress());

        using var judge = await Node.ClientForAsync("judge-wang");
        var tomorrow = DateTime.UtcNow.Date.AddDays(1);
        await ReadAsync(await judge.PostAsJsonAsync($"/cases/{caseNumber}/steps",
            new { kind = "Frozen", target = "工商银行账户 6222020000001234", amount = 50000, expiresOn = tomorrow.AddDays(30).ToString("yyyy-MM-dd") }));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime).ToString("yyyy-MM-dd");
        await ReadAsync(await judge.PostAsJsonAsync("/judges/me/plan/items", new { id = (string?)null, date = today, title = "约谈申请执行人", caseNumber, done = false }));
        var trip = await ReadAsync(await judge.PostAsJsonAsync("/trips", new
        {
            purpose = "送达文书", destinations = new[] { new { address = "上海市浦东新区世纪大道100号", latitude = 31.235, longitude = 121.505 } },
            departAt = new DateTimeOffset(tomorrow.AddHours(1), TimeSpan.Zero), returnBy = new DateTimeOffset(tomorrow.AddHours(5), TimeSpan.Zero),
            caseNumbers = new[] { caseNumber }, members = Array.Empty<string>(), seats = 4,
        }));

        var page = await fixture.Chromium.NewPageAsync(output);
        await SignInAsync(page, "judge-wang");

        await Assertions.Expect(page.Locator($"#cases li[data-case='{caseNumber}'] .chip.deadline").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#agenda-today li", new() { HasText = "约谈申请执行人" })).ToBeVisibleAsync();
        await CheckAsync(page, "my cases (/judge/)");

        await page.GotoAsync($"{Node.BaseUrl}/judge/case.html?case={Uri.EscapeDataString(caseNumber)}");
        await Assertions.Expect(page.Locator("#work-panel")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#record li[data-kind='Frozen']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#verification")).ToHaveAttributeAsync("data-intact", "true");
        await Assertions.Expect(page.Locator("#site-position")).ToContainTextAsync("31.23500");
        await CheckAsync(page, "the case page (/judge/case.html)");

        // A team on the site shows its devices with their command buttons.
        await page.SelectOptionAsync("#dispatch-form select[name=team]", "SH01-T1");
        await page.ClickAsync("#dispatch-form button[type=submit]");
        await Assertions.Expect(page.Locator("#teams li[data-team='SH01-T1']")).ToHaveAttributeAsync("data-here", "true");
        await Assertions.Expect(page.Locator("#teams li[data-team='SH01-T1'] button[data-command]").First).ToBeVisibleAsync();
        await CheckAsync(page, "the case page with a team on the site");

        await page.GotoAsync(Node.BaseUrl + "/judge/plan.html");
        await Assertions.Expect(page.Locator($"#week .day[data-date='{today}'] li", new() { HasText = "约谈申请执行人" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"#add-item select[name=caseNumber] option[value='{caseNumber}']")).ToHaveCountAsync(1);
        await CheckAsync(page, "the week plan (/judge/plan.html)");

        await page.GotoAsync(Node.BaseUrl + "/judge/trips.html");
        await Assertions.Expect(page.Locator($"#trips li[data-trip='{(string)trip["id"]!}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#trip-map.leaflet-container")).ToBeVisibleAsync();
        await CheckAsync(page, "the trips page (/judge/trips.html)");

        AssertNoSeriousOrCriticalViolations();
    }

    [Fact]
    public async Task EveryChiefPage_HasNoSeriousOrCriticalAccessibilityViolations()
    {
        // A case whose judge asks for 30 more days and imposes a credit measure, whose notice waits for the chief.
        var caseNumber = await Node.FileAndAssignCaseAsync();
        using var judge = await Node.ClientForAsync("judge-wang");
        await ReadAsync(await judge.PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "ExtensionRequested", days = 30, note = "财产拍卖未完成" }));
        await ReadAsync(await judge.PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "CreditMeasureImposed", credit = "ConsumptionRestriction", note = "限制高消费" }));
        using var chief = await Node.ClientForAsync("chief-zhao");
        await Wait.UntilAsync(async () => (await chief.GetFromJsonAsync<JsonArray>($"/cases/{caseNumber}/notices"))!.Any(n => (string?)n!["status"] == "AwaitingApproval"),
            "the credit measure's notice to wait for approval", TimeSpan.FromSeconds(20));

        var page = await fixture.Chromium.NewPageAsync(output);
        await SignInAsync(page, "chief-zhao");

        await Assertions.Expect(page.Locator("#link[data-state='live']")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator($"#cases tr[data-case='{caseNumber}']")).ToBeVisibleAsync();
        await CheckAsync(page, "the chief's overview (/chief/)");
        await page.ClickAsync($"#cases tr[data-case='{caseNumber}'] button.focus-on");
        await Assertions.Expect(page.Locator("#focus-dialog[open] textarea[name=note]")).ToBeVisibleAsync();
        await CheckAsync(page, "the chief's overview with the focus dialog open");
        await page.ClickAsync("#focus-cancel");
        await Assertions.Expect(page.Locator("#focus-dialog")).ToBeHiddenAsync();

        await page.GotoAsync($"{Node.BaseUrl}/chief/judges.html");
        await Assertions.Expect(page.Locator("#loads tr[data-judge='judge-wang']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("section.judge[data-judge='judge-wang'] .week")).ToBeVisibleAsync();
        await CheckAsync(page, "the judges page (/chief/judges.html)");

        await page.GotoAsync($"{Node.BaseUrl}/chief/statistics.html");
        await Assertions.Expect(page.Locator("#judges tr[data-judge='judge-wang']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#periods tr")).ToHaveCountAsync(6);
        await CheckAsync(page, "the statistics page (/chief/statistics.html)");

        await page.GotoAsync($"{Node.BaseUrl}/chief/approvals.html");
        var queued = page.Locator($"#queue-extensions li[data-case='{caseNumber}']");
        await Assertions.Expect(queued).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#queue-notices li[data-key]").Filter(new() { HasText = caseNumber }).First).ToBeVisibleAsync();
        await CheckAsync(page, "the approvals page (/chief/approvals.html)");
        await queued.Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator("#grant-form input[name=days]")).ToHaveValueAsync("30");
        await Assertions.Expect(page.Locator("#notices li[data-key]").First).ToBeVisibleAsync();
        await CheckAsync(page, "the approvals page with the case's extension and notices");

        await page.GotoAsync($"{Node.BaseUrl}/chief/activity.html");
        await Assertions.Expect(page.Locator("#grid-areas tr[data-area='SH01-NJDL']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#notice-facts dd[data-status='AwaitingApproval']")).ToHaveTextAsync(new Regex("^\\d+$"));
        await CheckAsync(page, "the activity page (/chief/activity.html)");

        AssertNoSeriousOrCriticalViolations();
    }

    [Fact]
    public async Task TheFilersPage_AndTheClerksPage_HaveNoSeriousOrCriticalAccessibilityViolations()
    {
        var application = Path.Combine(Node.Folder, $"申请书-{Guid.NewGuid():N}.pdf");
        await File.WriteAllTextAsync(application, "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", Encoding.ASCII);
        var filer = await fixture.Chromium.NewPageAsync(output, phone: true);

        await filer.GotoAsync($"{Node.BaseUrl}/party/filing.html?court=SH01");
        var signIn = filer.Locator("#sign-in");
        await Assertions.Expect(signIn.Locator("input[name=courtId]")).ToHaveValueAsync("SH01");
        await CheckAsync(filer, "online filing's sign-in (/party/filing.html)");
        await signIn.Locator("input[name=mobile]").FillAsync(FilerMobile);
        await signIn.Locator("#send-code").ClickAsync();
        await Assertions.Expect(signIn.Locator("input[name=code]")).ToBeVisibleAsync();
        await CheckAsync(filer, "online filing's sign-in with the code field");
        await signIn.Locator("input[name=code]").FillAsync(await CodeFromSmsAsync(FilerMobile, FilingCodePattern()));
        await signIn.Locator("#enter").ClickAsync();

        var apply = filer.Locator("#new-filing");
        await Assertions.Expect(apply.Locator("[name='applicants[0].mobile']")).ToHaveValueAsync(FilerMobile);
        await CheckAsync(filer, "online filing's new application form");
        await FilingForm.FillAndSendAsync(apply, application);
        await Assertions.Expect(filer.Locator("#filing-status")).ToHaveTextAsync("审查中");
        var id = (await filer.Locator("#my-filings li").First.GetAttributeAsync("data-id"))!;
        await CheckAsync(filer, "online filing with the application sent");

        var clerk = await fixture.Chromium.NewPageAsync(output);
        await SignInAsync(clerk, "clerk-li");
        await Assertions.Expect(clerk.Locator($"#applications li[data-id='{id}']")).ToBeVisibleAsync();
        await Assertions.Expect(clerk.Locator("#file-form [name=caseNumber]")).ToBeVisibleAsync();
        await CheckAsync(clerk, "the clerk's page (/clerk/)");
        await clerk.Locator($"#applications li[data-id='{id}']").ClickAsync();
        await Assertions.Expect(clerk.Locator("#documents a")).ToHaveTextAsync(Path.GetFileName(application));
        await Assertions.Expect(clerk.Locator("form[data-decision=Accept]")).ToBeVisibleAsync();
        await CheckAsync(clerk, "the clerk's page with an application open");

        AssertNoSeriousOrCriticalViolations();
    }

    [Fact]
    public async Task ThePartysPage_SignedOutAndSignedIn_HasNoSeriousOrCriticalAccessibilityViolations()
    {
        var caseNumber = await Node.FileAndAssignCaseAsync("judge-wang");
        using var judge = await Node.ClientForAsync("judge-wang");
        await ReadAsync(await judge.PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "OpinionRequested", note = "执行完毕，拟结案" }));
        var page = await fixture.Chromium.NewPageAsync(output, phone: true);

        await page.GotoAsync($"{Node.BaseUrl}/party/?case={Uri.EscapeDataString(caseNumber)}");
        var form = page.Locator("#sign-in");
        await Assertions.Expect(form.Locator("input[name=caseNumber]")).ToHaveValueAsync(caseNumber);
        await CheckAsync(page, "the party's sign-in (/party/)");
        await form.Locator("input[name=idNumber]").FillAsync(ApplicantIdNumber);
        await form.Locator("input[name=mobile]").FillAsync(ApplicantMobile);
        await form.Locator("#send-code").ClickAsync();
        await Assertions.Expect(form.Locator("#code-field input")).ToBeVisibleAsync();
        await CheckAsync(page, "the party's sign-in with the code field");
        await form.Locator("input[name=code]").FillAsync(await CodeFromSmsAsync(ApplicantMobile, PartyCodePattern(), caseNumber));
        await form.Locator("#enter").ClickAsync();

        await Assertions.Expect(page.Locator("#facts")).ToContainTextAsync(caseNumber);
        await Assertions.Expect(page.Locator("#steps li[data-kind=JudgeAssigned]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#opinion-form")).ToBeVisibleAsync();
        await CheckAsync(page, "the party's case (/party/)");

        AssertNoSeriousOrCriticalViolations();
    }

    [Fact]
    public async Task TheGridWorkersPage_AndTheCommandCentre_HaveNoSeriousOrCriticalAccessibilityViolations()
    {
        // A judge asks grid-liu (南京东路街道 of SH01) about a debtor living there.
        var caseNumber = await Node.FileAndAssignCaseAsync("judge-wang", JudgePagesNode.NanjingRoadAddress());

        using var judge = await Node.ClientForAsync("judge-wang");
        var request = await ReadAsync(await judge.PostAsJsonAsync($"/cases/{caseNumber}/assistance", new { debtorIndex = 0, kind = "Whereabouts", note = "申请执行人称其常在南京东路出现" }));
        var requestId = (string)request["id"]!;

        var grid = await fixture.Chromium.NewPageAsync(output, phone: true);
        await SignInAsync(grid, "grid-liu");
        await Assertions.Expect(grid.Locator($"#requests li[data-request='{requestId}']")).ToContainTextAsync(caseNumber);
        await Assertions.Expect(grid.Locator($"#map path.request-{requestId}")).ToHaveCountAsync(1);
        await CheckAsync(grid, "the grid worker's page (/grid/)");

        var centre = await fixture.Chromium.NewPageAsync(output);
        await SignInAsync(centre, "centre-chen");
        await Assertions.Expect(centre.Locator("#board")).ToBeVisibleAsync();
        await Assertions.Expect(centre.Locator("#map.leaflet-container path.court-area.court-SH01")).ToHaveCountAsync(1);
        await Assertions.Expect(centre.Locator("#counts tr").First).ToBeVisibleAsync();
        await CheckAsync(centre, "the command centre (/command-centre/)");

        // A new case's first limit is upcoming at once (the fixture warns five days ahead): its alert reaches the feed, and its record opens.
        var fresh = await Node.FileAndAssignCaseAsync();
        var alert = centre.Locator("#feed li", new() { HasText = fresh }).First;
        await Assertions.Expect(alert).ToBeVisibleAsync(new() { Timeout = 20_000 });
        // The case link is a real link: it takes focus and opens the record from the keyboard.
        await alert.Locator("a.case").FocusAsync();
        await centre.Keyboard.PressAsync("Enter");
        await Assertions.Expect(centre.Locator("#record[open] #record-entries li").First).ToBeVisibleAsync();
        await CheckAsync(centre, "the command centre with a case's record open");

        AssertNoSeriousOrCriticalViolations();
    }

    /// <summary>Signs <paramref name="userId"/> in on the sign-in page (setting their password on the running node first, once per user): the node reads its passwords at each sign-in.</summary>
    private async Task SignInAsync(IPage page, string userId)
    {
        await PasswordsSet.GetOrAdd($"{Node.Folder}|{userId}", _ => Node.RunVerbAsync(["set-password", userId], Password));
        await Chromium.SignInAsync(page, Node.BaseUrl, userId, Password);
    }

    /// <summary>Runs axe-core on the page as it is and keeps its serious and critical violations (and writes the lesser ones to the output).</summary>
    private async Task CheckAsync(IPage page, string what)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        var result = await page.RunAxe();
        foreach (var violation in result.Violations)
        {
            var line = $"{violation.Id} ({violation.Impact}): {violation.Help} — at {string.Join("; ", violation.Nodes.Select(n => n.Target.ToString()))}";
            output.WriteLine($"axe, {what}: {line} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes)
            {
                output.WriteLine($"    {node.Html} — {string.Join(" ", node.Any.Concat(node.All).Concat(node.None).Select(c => c.Message))}");
            }

            if (violation.Impact is "serious" or "critical")
            {
                _violations.Add($"{what} ({new Uri(page.Url).PathAndQuery}): {line}");
            }
        }

        output.WriteLine($"axe, {what}: {result.Passes.Length} rules passed, {result.Violations.Length} violated, {result.Incomplete.Length} incomplete ({string.Join(", ", result.Incomplete.Select(i => i.Id))}), in {elapsed.ElapsedMilliseconds} ms");
    }

    private void AssertNoSeriousOrCriticalViolations() =>
        Assert.True(_violations.Count == 0, $"{_violations.Count} serious or critical accessibility violations:\n{string.Join('\n', _violations)}");

    /// <summary>The newest code texted to <paramref name="mobile"/> (about <paramref name="caseNumber"/>, when given), from the node's SMS outbox.</summary>
    private async Task<string> CodeFromSmsAsync(string mobile, Regex pattern, string? caseNumber = null)
    {
        string? code = null;
        await Wait.UntilAsync(() =>
        {
            code = File.Exists(SmsFile)
                ? ReadShared(SmsFile).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)
                    .Where(n => (string?)n["mobile"] == mobile && (caseNumber is null || ((string)n["text"]!).Contains(caseNumber, StringComparison.Ordinal)))
                    .Select(n => pattern.Match((string)n["text"]!)).LastOrDefault(m => m.Success)?.Groups[1].Value
                : null;
            return code is not null;
        }, "the code's SMS in the outbox");
        return code!;
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    [GeneratedRegex("网上立案的验证码为(\\d{6})")]
    private static partial Regex FilingCodePattern();

    [GeneratedRegex("验证码为(\\d{6})")]
    private static partial Regex PartyCodePattern();
}
