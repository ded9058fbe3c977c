using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Coordination.Pages.Tests;

/// <summary>
/// One node (the executable, on SQLite) and one chromium for the judge's pages' tests. Its court's rules warn five days
/// ahead, so a fresh case's 3-day enforcement-notice limit is "upcoming" (yellow) at once. Its device bridge is on a
/// mosquitto of its own, and it has one peer, serving ZJ01.
/// </summary>
public sealed class JudgePagesNode : IAsyncLifetime
{
    public const string Password = "judge-password-for-tests";

    /// <summary>An address in SH01's 南京东路街道 grid area, with its position: a debtor there can be visited and asked about.</summary>
    public static JsonObject NanjingRoadAddress() => new JsonObject { ["text"] = "上海市黄浦区南京东路100号", ["latitude"] = 31.235, ["longitude"] = 121.475 };

    internal RunningNode Node { get; private set; } = null!;

    internal Chromium Chromium { get; private set; } = null!;

    private MosquittoBroker _broker = null!;

    private string _rulesFolder = "";

    public async Task InitializeAsync()
    {
        _rulesFolder = Directory.CreateTempSubdirectory("coordination-judge-rules-").FullName;
        var rulesFile = await StatutoryRules.WriteAsync(_rulesFolder, "upcomingLeadDays", 5);
        _broker = await MosquittoBroker.StartAsync();
        Node = new RunningNode("judge-pages", MosquittoBroker.FreePort(), $"--Courts:0:RulesFile={rulesFile}", "--Orleans:ReminderPeriod=00:00:02",
            "--DeviceBridge:Enabled=true", $"--DeviceBridge:Port={_broker.Port}", $"--DeviceBridge:PasswordFile={_broker.BridgePasswordFile}",
            // A peer the judge can entrust work to; nothing listens there, so the request waits in the outbox.
            "--Peers:0:Id=zhejiang", "--Peers:0:BaseUrl=http://127.0.0.1:9", "--Peers:0:KeyId=sh-zj", "--Peers:0:Secret=a-shared-secret-of-at-least-32-characters",
            "--Peers:0:Courts:0=ZJ01");
        await Node.RunVerbAsync(["set-password", "judge-wang"], Password);
        await Node.StartAsync();
        Chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        await Node.DisposeAsync();
        await _broker.DisposeAsync();
        Directory.Delete(_rulesFolder, recursive: true);
    }
}

/// <summary>The judge's pages (/judge/) in Debian's chromium against the node executable: my cases, the case page with its step form, thread and live alerts, at a desk's width and a phone's.</summary>
[Trait("Category", "Browser")]
public sealed partial class JudgePageTests(JudgePagesNode fixture, ITestOutputHelper output) : IClassFixture<JudgePagesNode>
{
    private const string ApplicantIdNumber = "310101198001010018";
    private const string ApplicantMobile = "13800001111";

    // The smallest PNG there is: one transparent pixel.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private RunningNode Node => fixture.Node;

    [Fact]
    public async Task AJudgeSignsIn_OpensACase_RecordsAStep_AndSeesItsDeadlineCloseAndItsColourChange()
    {
        var caseNumber = await Node.FileAndAssignCaseAsync("judge-wang");
        var page = await fixture.Chromium.NewPageAsync(output);

        await Chromium.SignInAsync(page, Node.BaseUrl, "judge-wang", JudgePagesNode.Password);

        // My cases: the case with its enforcement-notice limit as a yellow (upcoming) chip.
        Assert.EndsWith("/judge/", page.Url, StringComparison.Ordinal);
        var item = page.Locator($"#cases li[data-case='{caseNumber}']");
        await Assertions.Expect(item.Locator(".chip.deadline[data-deadline='enforcement-notice']")).ToHaveClassAsync(new Regex("tier-upcoming"));
        await item.Locator("a.case-link").ClickAsync();

        // The case page: the open limit is upcoming; recording the step closes it, without a reload.
        await page.WaitForURLAsync(url => url.Contains("/judge/case.html", StringComparison.Ordinal));
        var notice = page.Locator("#deadlines li[data-deadline='enforcement-notice']");
        await Assertions.Expect(notice).ToHaveAttributeAsync("data-tier", "Upcoming");
        await Assertions.Expect(notice).ToContainTextAsync("向被执行人发出执行通知书");
        await Assertions.Expect(notice).ToHaveClassAsync(new Regex("tier-upcoming"));
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        await page.SelectOptionAsync("#step-kind", "NoticeSent");
        await page.FillAsync("#step-fields textarea[name=note]", "直接送达被执行人");
        await page.ClickAsync("#step-form button[type=submit]");

        await Assertions.Expect(notice).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#record li[data-kind='NoticeSent']")).ToContainTextAsync("直接送达被执行人");
        await Assertions.Expect(page.Locator("#verification")).ToHaveAttributeAsync("data-intact", "true");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page reloaded");

        // A refusal shows the server's reason at the form, in the page's language: the notice was sent already.
        await page.ClickAsync("#step-form button[type=submit]");
        await Assertions.Expect(page.Locator("#step-form .form-error")).ToContainTextAsync("执行通知书已于");

        // Back on My cases the chip is gone: the limit is closed.
        await page.ClickAsync("#bar nav a[href='/judge/']");
        await Assertions.Expect(page.Locator($"#cases li[data-case='{caseNumber}'] .chip.deadline[data-deadline='property-report']")).ToHaveClassAsync(new Regex("tier-upcoming"));
        await Assertions.Expect(page.Locator($"#cases li[data-case='{caseNumber}'] .chip.deadline[data-deadline='enforcement-notice']")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Screenshot("judge-my-cases.png"), FullPage = true });
    }

    [Fact]
    public async Task APartysClue_AppearsOnTheJudgesCasePage_AndAsAToast()
    {
        var caseNumber = await Node.FileAndAssignCaseAsync("judge-wang");
        var page = await fixture.Chromium.NewPageAsync(output);
        await Chromium.SignInAsync(page, Node.BaseUrl, "judge-wang", JudgePagesNode.Password);
        await page.GotoAsync($"{Node.BaseUrl}/judge/case.html?case={Uri.EscapeDataString(caseNumber)}");
        await Assertions.Expect(page.Locator("#clues li.empty")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-live", "true");

        // The applicant signs in with a code texted to their mobile, uploads a photo and sends a clue and a message.
        using var party = await PartyClientAsync(caseNumber);
        using var upload = new ByteArrayContent(Png) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } };
        var stored = await ReadAsync(await party.PostAsync("/party/case/attachments", upload));
        var sha256 = (string)stored["sha256"]!;
        await ReadAsync(await party.PostAsJsonAsync("/party/case/clues", new
        {
            kind = "车辆", description = "被执行人的白色轿车沪A12345停在小区地库", attachment = new { name = "车辆照片.png", sha256, size = Png.Length },
        }));

        await Assertions.Expect(page.Locator("#clues li")).ToContainTextAsync("沪A12345");
        await Assertions.Expect(page.Locator("#clues li a.attachment")).ToHaveAttributeAsync("href", $"/cases/{caseNumber}/attachments/{sha256}");
        // The toast is worded in the page's language (common.alert.clueReceived), not the server's English title.
        await Assertions.Expect(page.Locator("#toasts .toast", new() { HasText = caseNumber }).First).ToContainTextAsync($"案件 {caseNumber}：申请执行人提交财产线索：[车辆] 被执行人的白色轿车");
        await Assertions.Expect(page.Locator("#alert-badge")).Not.ToHaveAttributeAsync("data-count", "0");

        await ReadAsync(await party.PostAsJsonAsync("/party/case/messages", new { text = "车辆照片见附件", attachments = new[] { new { name = "车辆照片.png", sha256 } } }));
        var message = page.Locator("#thread li", new() { HasText = "车辆照片见附件" });
        await Assertions.Expect(message.Locator("a.attachment")).ToHaveAttributeAsync("href", $"/cases/{caseNumber}/attachments/{sha256}");
        await Assertions.Expect(message).ToHaveClassAsync(new Regex("unread"));
        await page.ClickAsync("#mark-read");
        await Assertions.Expect(page.Locator("#mark-read")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Screenshot("judge-case.png"), FullPage = true });
    }

    [Fact]
    public async Task TheCasesJudge_SendsATeam_CommandsItsCamera_AsksTheGridWorker_EntrustsWork_AndEndsTheOperation()
    {
        var caseNumber = await Node.FileAndAssignCaseAsync("judge-wang", JudgePagesNode.NanjingRoadAddress());

        var page = await fixture.Chromium.NewPageAsync(output);
        await Chromium.SignInAsync(page, Node.BaseUrl, "judge-wang", JudgePagesNode.Password);
        await page.GotoAsync($"{Node.BaseUrl}/judge/case.html?case={Uri.EscapeDataString(caseNumber)}");
        await Assertions.Expect(page.Locator("#work-panel")).ToBeVisibleAsync();

        // The site is the debtor's address, placed on the map; the judge's own team goes there.
        await Assertions.Expect(page.Locator("#site-position")).ToContainTextAsync("31.23500");
        await page.SelectOptionAsync("#dispatch-form select[name=team]", "SH01-T1");
        await page.ClickAsync("#dispatch-form button[type=submit]");
        var team = page.Locator("#teams li[data-team='SH01-T1']");
        await Assertions.Expect(team).ToHaveAttributeAsync("data-here", "true");
        await Assertions.Expect(team).ToContainTextAsync("南京东路100号");

        // Its body camera is told to record; the broker has the command.
        var camera = team.Locator("li[data-device='SH01-T1-cam']");
        await camera.Locator("button[data-command='StartRecording']").ClickAsync();
        await Assertions.Expect(camera.Locator(".commands .chip[data-kind='StartRecording']")).ToHaveAttributeAsync("data-status", new Regex("^(Delivered|Acknowledged)$"));
        await Assertions.Expect(team.Locator("li[data-device='SH01-T1-gps'] button[data-command='StartRecording']")).ToHaveCountAsync(0);

        // The grid worker of the debtor's area is asked; the request lands in the record.
        await page.FillAsync("#assistance-form textarea[name=note]", "请核实被执行人是否仍在此居住");
        await page.ClickAsync("#assistance-form button[type=submit]");
        await Assertions.Expect(page.Locator("#record li[data-kind='AssistanceRequested']")).ToBeVisibleAsync();

        // Work is entrusted to the peer's court with a document, sent as its name, digest and size.
        await Assertions.Expect(page.Locator("#entrust-form select[name=toCourt] option[value='ZJ01']")).ToHaveCountAsync(1);
        await page.SelectOptionAsync("#entrust-form select[name=kind]", "AssetInquiry");
        await page.FillAsync("#entrust-form textarea[name=description]", "查询被执行人在杭州的房产");
        await page.SetInputFilesAsync("#entrust-form input[name=documents]", new FilePayload { Name = "协助执行通知书.png", MimeType = "image/png", Buffer = Png });
        await page.ClickAsync("#entrust-form button[type=submit]");
        await Assertions.Expect(page.Locator("#record li[data-kind='EntrustmentRequested']")).ToContainTextAsync("查询被执行人在杭州的房产");
        using var judge = await Node.ClientForAsync("judge-wang");
        var entrustments = await judge.GetFromJsonAsync<JsonArray>("/courts/SH01/entrustments");
        var entrustmentId = (string)entrustments!.Single(e => (string?)e!["caseNumber"] == caseNumber)!["id"]!;
        var entrustment = await judge.GetFromJsonAsync<JsonObject>($"/entrustments/{entrustmentId}");
        Assert.Equal(("ZJ01", "AssetInquiry"), ((string?)entrustment!["toCourt"], (string?)entrustment["kind"]));
        var document = entrustment["history"]![0]!["documents"]![0]!;
        Assert.Equal(("协助执行通知书.png", Convert.ToHexStringLower(SHA256.HashData(Png)), Png.Length),
            ((string?)document["name"], (string?)document["sha256"], (int)document["size"]!));

        await team.Locator("button.danger").ClickAsync();
        await Assertions.Expect(team).ToHaveAttributeAsync("data-here", "false");
        await page.ScreenshotAsync(new() { Path = Screenshot("judge-case-field-work.png"), FullPage = true });
    }

    [Fact]
    public async Task MyCases_AtAPhonesWidth_HasNoSidewaysScroll_AndOpensTheCase()
    {
        var caseNumber = await Node.FileAndAssignCaseAsync("judge-wang");
        var page = await fixture.Chromium.NewPageAsync(output, phone: true);

        await Chromium.SignInAsync(page, Node.BaseUrl, "judge-wang", JudgePagesNode.Password);

        var item = page.Locator($"#cases li[data-case='{caseNumber}']");
        await Assertions.Expect(item).ToBeVisibleAsync();
        Assert.True(await FitsAsync(page), "My cases scrolls sideways at 390 px");
        await item.Locator(".chips").TapAsync();
        await page.WaitForURLAsync(url => url.Contains("/judge/case.html", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#deadlines li[data-deadline='enforcement-notice']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#step-form")).ToBeVisibleAsync();
        Assert.True(await FitsAsync(page), "the case page scrolls sideways at 390 px");
        await page.ScreenshotAsync(new() { Path = Screenshot("judge-case-phone.png"), FullPage = true });
    }

    [Fact]
    public async Task APlanItem_IsAdded_TickedOff_AndRemoved_OnTheWeekPlan()
    {
        var page = await fixture.Chromium.NewPageAsync(output);
        await Chromium.SignInAsync(page, Node.BaseUrl, "judge-wang", JudgePagesNode.Password);
        await page.GotoAsync(Node.BaseUrl + "/judge/plan.html");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime).ToString("yyyy-MM-dd");

        await page.FillAsync("#add-item input[name=date]", today);
        await page.FillAsync("#add-item input[name=title]", "约谈申请执行人");
        await page.ClickAsync("#add-item button[type=submit]");

        var item = page.Locator($"#week .day[data-date='{today}'] li", new() { HasText = "约谈申请执行人" });
        await Assertions.Expect(item).ToHaveAttributeAsync("data-colour", "Orange");
        await item.Locator("input[type=checkbox]").CheckAsync();
        await Assertions.Expect(item).ToHaveClassAsync(new Regex("done"));
        await item.Locator("button.danger").ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ATripPickedOnTheMap_IsFiled_AndItsSharedTravelSuggestion_CanBeAccepted()
    {
        var tomorrow = DateTime.UtcNow.Date.AddDays(1);
        using var zhou = await Node.ClientForAsync("judge-zhou");
        await ReadAsync(await zhou.PostAsJsonAsync("/trips", new
        {
            purpose = "查封车辆", destinations = new[] { new { address = "上海市黄浦区人民广场", latitude = 31.23, longitude = 121.47 } },
            departAt = new DateTimeOffset(tomorrow.AddHours(1), TimeSpan.Zero), returnBy = new DateTimeOffset(tomorrow.AddHours(9), TimeSpan.Zero),
            caseNumbers = Array.Empty<string>(), members = Array.Empty<string>(), seats = 5,
        }));
        var page = await fixture.Chromium.NewPageAsync(output);
        await Chromium.SignInAsync(page, Node.BaseUrl, "judge-wang", JudgePagesNode.Password);
        await page.GotoAsync(Node.BaseUrl + "/judge/trips.html");

        // The map takes a click once the form is drawn, saying that no destination is picked yet.
        await Assertions.Expect(page.Locator("#destinations li.empty")).ToBeVisibleAsync();
        await page.Locator("#trip-map").ClickAsync(); // the map opens on central Shanghai: its middle is the destination
        await page.FillAsync("#destinations input[name=address]", "上海市黄浦区南京东路");
        await page.FillAsync("#trip-form input[name=purpose]", "现场调查");
        await page.FillAsync("#trip-form input[name=departAt]", tomorrow.ToString("yyyy-MM-dd") + "T00:30");
        await page.FillAsync("#trip-form input[name=returnBy]", tomorrow.ToString("yyyy-MM-dd") + "T23:00");
        await page.ClickAsync("#trip-form button[type=submit]");

        await Assertions.Expect(page.Locator("#trips li[data-status='Planned']", new() { HasText = "现场调查" })).ToBeVisibleAsync();
        var suggestion = page.Locator("#suggestions li[data-status='Open']");
        await Assertions.Expect(suggestion).ToContainTextAsync("judge-zhou", new() { Timeout = 15_000 });
        await suggestion.Locator("button:not(.secondary)").ClickAsync();
        await Assertions.Expect(page.Locator("#suggestions li .chip.ok")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task APlannedTrip_IsChangedFromItsEntry_KeepingItsDestinations_AndThenCancelled()
    {
        var tomorrow = DateTime.UtcNow.Date.AddDays(1);
        using var wang = await Node.ClientForAsync("judge-wang");
        var filed = await ReadAsync(await wang.PostAsJsonAsync("/trips", new
        {
            purpose = "送达文书", destinations = new[] { new { address = "上海市浦东新区世纪大道100号", latitude = 31.235, longitude = 121.505 } },
            departAt = new DateTimeOffset(tomorrow.AddHours(1), TimeSpan.Zero), returnBy = new DateTimeOffset(tomorrow.AddHours(5), TimeSpan.Zero),
            caseNumbers = Array.Empty<string>(), members = Array.Empty<string>(), seats = 4,
        }));
        var tripId = (string)filed["id"]!;
        var page = await fixture.Chromium.NewPageAsync(output);
        await Chromium.SignInAsync(page, Node.BaseUrl, "judge-wang", JudgePagesNode.Password);
        await page.GotoAsync(Node.BaseUrl + "/judge/trips.html");

        await page.ClickAsync($"#trips li[data-trip='{tripId}'] button[data-action='change']");
        await Assertions.Expect(page.Locator("#trip-form")).ToHaveAttributeAsync("data-editing", tripId);
        await Assertions.Expect(page.Locator("#destinations input[name=address]")).ToHaveValueAsync("上海市浦东新区世纪大道100号");
        await page.FillAsync("#trip-form input[name=purpose]", "送达文书并查封车辆");
        await page.FillAsync("#trip-form input[name=seats]", "7");
        await page.ClickAsync("#trip-form button[type=submit]");

        var entry = page.Locator($"#trips li[data-trip='{tripId}']");
        await Assertions.Expect(entry).ToContainTextAsync("送达文书并查封车辆");
        await Assertions.Expect(page.Locator("#trip-form")).ToHaveAttributeAsync("data-editing", "");
        var changed = await wang.GetFromJsonAsync<JsonObject>($"/trips/{tripId}");
        Assert.Equal(("送达文书并查封车辆", 7, "上海市浦东新区世纪大道100号"),
            ((string?)changed!["plan"]!["purpose"], (int)changed["plan"]!["seats"]!, (string?)changed["plan"]!["destinations"]![0]!["address"]));
        Assert.Equal(DateTimeOffset.Parse((string)filed["plan"]!["departAt"]!, null), DateTimeOffset.Parse((string)changed["plan"]!["departAt"]!, null));

        await entry.Locator("button.danger").ClickAsync();
        await Assertions.Expect(entry).ToHaveAttributeAsync("data-status", "Cancelled");
    }

    private static Task<bool> FitsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth");

    private string Screenshot(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestResults", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        output.WriteLine($"screenshot: {path}");
        return path;
    }

    /// <summary>A client with the applicant's party token: a code by SMS (read from the node's file channel), then the token.</summary>
    private async Task<HttpClient> PartyClientAsync(string caseNumber)
    {
        var anonymous = new HttpClient { BaseAddress = new Uri(Node.BaseUrl) };
        var asked = await anonymous.PostAsJsonAsync("/party/codes", new { caseNumber, idNumber = ApplicantIdNumber, mobile = ApplicantMobile });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var code = "";
        await Wait.UntilAsync(() => (code = CodeSent(caseNumber)) is not "", "the party's code in the SMS outbox");
        var token = await ReadAsync(await anonymous.PostAsJsonAsync("/party/tokens", new { caseNumber, idNumber = ApplicantIdNumber, code }));
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)token["token"]!);
        return anonymous;
    }

    private string CodeSent(string caseNumber)
    {
        var outbox = Path.Combine(Node.Folder, "data", "sms", "outbox.jsonl");
        if (!File.Exists(outbox))
        {
            return "";
        }

        using var stream = new FileStream(outbox, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!);
        var sent = lines.LastOrDefault(n => (string?)n["mobile"] == ApplicantMobile && (string?)n["caseNumber"] == caseNumber && ((string?)n["key"] ?? "").Contains("code~", StringComparison.Ordinal));
        return sent is null ? "" : CodePattern().Match((string)sent["text"]!).Groups[1].Value;
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    [GeneratedRegex("验证码为(\\d{6})")]
    private static partial Regex CodePattern();
}
