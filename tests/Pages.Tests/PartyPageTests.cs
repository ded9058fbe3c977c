using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Coordination.Pages.Tests;

/// <summary>
/// The party's page (/party/) at a phone's width against the node executable: sign-in with the code from the SMS
/// outbox (the node's file channel), wrong codes and the lockout refused with the server's reason, a property clue
/// with an attachment and a message with a file sent from the page (the judge then finds both on the case), and the
/// opinion before closing answered.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class PartyPageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string ApplicantIdNumber = "310101198001010018";
    private const string ApplicantMobile = "13800001111";
    // Three sign-ins in a minute from one address pass more than the default 20 party requests a minute.
    private readonly RunningNode _node = new("party-page", MosquittoBroker.FreePort(), "--Limits:PartyRequestsPerMinute=200");
    private Chromium _chromium = null!;

    private string SmsFile => Path.Combine(_node.Folder, "data", "sms", "outbox.jsonl");

    public async Task InitializeAsync()
    {
        await _node.StartAsync();
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task APartySignsInWithTheCodeFromTheSms_AndSendsAClueWithAnAttachment()
    {
        var elapsed = Stopwatch.StartNew();
        var caseNumber = await _node.FileAndAssignCaseAsync("judge-wang");
        var photo = Path.Combine(_node.Folder, "车辆照片.png");
        await File.WriteAllBytesAsync(photo, TinyPng);
        var page = await _chromium.NewPageAsync(output, phone: true);

        await page.GotoAsync($"{_node.BaseUrl}/party/?case={Uri.EscapeDataString(caseNumber)}");
        var form = page.Locator("#sign-in");
        await Assertions.Expect(form.Locator("input[name=caseNumber]")).ToHaveValueAsync(caseNumber);
        await form.Locator("input[name=idNumber]").FillAsync(ApplicantIdNumber);
        await form.Locator("input[name=mobile]").FillAsync(ApplicantMobile);
        await form.Locator("#send-code").ClickAsync();
        await Assertions.Expect(form.Locator("#code-field input")).ToBeVisibleAsync();
        var code = await CodeFromSmsAsync(caseNumber);

        await form.Locator("input[name=code]").FillAsync(code == "000000" ? "111111" : "000000");
        await form.Locator("#enter").ClickAsync();
        await Assertions.Expect(form.Locator(".form-error")).ToContainTextAsync("未能核实：验证码错误。");

        await form.Locator("input[name=code]").FillAsync(code);
        await form.Locator("#enter").ClickAsync();
        await Assertions.Expect(page.Locator("#facts")).ToContainTextAsync(caseNumber);
        await Assertions.Expect(page.Locator("#bar .who")).ToContainTextAsync("申请执行人");
        await Assertions.Expect(page.Locator("#steps li[data-kind=JudgeAssigned]")).ToContainTextAsync("指定承办法官");
        await Assertions.Expect(page.Locator("#funds-held")).ToContainTextAsync("0.00");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the case page fits a 390 px phone without scrolling sideways");

        var clue = page.Locator("#clue-form");
        await clue.Locator("select[name=kind]").SelectOptionAsync("车辆");
        await clue.Locator("textarea[name=description]").FillAsync("被执行人名下有一辆沪A12345小汽车，常停在南京东路100号");
        await clue.Locator("input[name=attachment]").SetInputFilesAsync(photo);
        await clue.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#toasts")).ToContainTextAsync("财产线索已提交");
        await Assertions.Expect(page.Locator("#limit-list")).ToContainTextAsync("核查财产线索");
        await Assertions.Expect(page.Locator("#steps li[data-kind=ClueReceived]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "party-case.png"), FullPage = true });

        using var judge = await _node.ClientForAsync("judge-wang");
        var theCase = (await judge.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}"))!;
        var sentClue = Assert.Single(theCase["clues"]!.AsObject()).Value!;
        Assert.StartsWith("[车辆] 被执行人名下有一辆沪A12345小汽车", (string)sentClue["description"]!, StringComparison.Ordinal);
        Assert.Equal(("车辆照片.png", TinyPng.Length), ((string)sentClue["attachment"]!["name"]!, (int)sentClue["attachment"]!["size"]!));
        Assert.Equal(TinyPng, await judge.GetByteArrayAsync($"/cases/{caseNumber}/attachments/{sentClue["attachment"]!["sha256"]}"));


        // The same photo sent to the judge in the case's thread: the judge can open it there.
        var thread = page.Locator("#message-form");
        await thread.Locator("textarea[name=text]").FillAsync("法官您好，车辆照片见附件。");
        await thread.Locator("input[name=attachments]").SetInputFilesAsync(photo);
        await thread.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#messages li.mine")).ToContainTextAsync("法官您好，车辆照片见附件。");
        await Assertions.Expect(page.Locator("#messages li.mine a")).ToHaveTextAsync("车辆照片.png");
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(TinyPng));
        Assert.Equal(TinyPng, await judge.GetByteArrayAsync($"/cases/{caseNumber}/attachments/{sha256}"));

        // The judge's answer reaches the open page by itself (the case's change stream).
        await Assertions.Expect(page.Locator("body[data-live=true]")).ToHaveCountAsync(1);
        (await judge.PostAsJsonAsync($"/cases/{caseNumber}/messages", new { text = "收到，我们将尽快核查该车辆。" })).EnsureSuccessStatusCode();
        await Assertions.Expect(page.Locator("#messages li:not(.mine)")).ToContainTextAsync("收到，我们将尽快核查该车辆。");
        output.WriteLine($"took {elapsed.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task TheApplicantAskedForTheirOpinionBeforeClosing_AnswersItFromThePage()
    {
        var caseNumber = await _node.FileAndAssignCaseAsync("judge-wang");
        using var judge = await _node.ClientForAsync("judge-wang");
        (await judge.PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "OpinionRequested", note = "执行完毕，拟结案" })).EnsureSuccessStatusCode();
        var page = await _chromium.NewPageAsync(output, phone: true);
        await page.GotoAsync($"{_node.BaseUrl}/party/?case={Uri.EscapeDataString(caseNumber)}");
        var form = page.Locator("#sign-in");
        await form.Locator("input[name=idNumber]").FillAsync(ApplicantIdNumber);
        await form.Locator("input[name=mobile]").FillAsync(ApplicantMobile);
        await form.Locator("#send-code").ClickAsync();
        await Assertions.Expect(form.Locator("#code-field input")).ToBeVisibleAsync();
        await form.Locator("input[name=code]").FillAsync(await CodeFromSmsAsync(caseNumber));
        await form.Locator("#enter").ClickAsync();

        var opinion = page.Locator("#opinion-form");
        await Assertions.Expect(page.Locator("#opinion")).ToContainTextAsync("法官拟：执行完毕，拟结案");
        await opinion.Locator("input[name=agrees][value=false]").CheckAsync();
        await opinion.Locator("textarea[name=text]").FillAsync("被执行人还有一辆车");

        // A message from the judge reloads the page while the applicant types: the answer being typed stays.
        await Assertions.Expect(page.Locator("body[data-live=true]")).ToHaveCountAsync(1);
        (await judge.PostAsJsonAsync($"/cases/{caseNumber}/messages", new { text = "请在期限内答复" })).EnsureSuccessStatusCode();
        await Assertions.Expect(page.Locator("#messages")).ToContainTextAsync("请在期限内答复");
        await Assertions.Expect(opinion.Locator("textarea[name=text]")).ToHaveValueAsync("被执行人还有一辆车");
        await Assertions.Expect(opinion.Locator("input[name=agrees][value=false]")).ToBeCheckedAsync();
        await opinion.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("#opinion-answered")).ToContainTextAsync("不同意");
        await Assertions.Expect(page.Locator("#steps li[data-kind=OpinionGiven]")).ToBeVisibleAsync();
        var answer = (await judge.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}"))!["opinion"]!["answers"]!["a0"]!;
        Assert.Equal((false, "被执行人还有一辆车"), ((bool)answer["agrees"]!, (string)answer["text"]!));
    }

    [Fact]
    public async Task WrongCodes_AreRefusedWithTheServersReason_AndTheSixthTryIsLockedOut()
    {
        var caseNumber = await _node.FileAndAssignCaseAsync("judge-wang");
        var page = await _chromium.NewPageAsync(output, phone: true);
        await page.GotoAsync($"{_node.BaseUrl}/party/?case={Uri.EscapeDataString(caseNumber)}");
        var form = page.Locator("#sign-in");
        await form.Locator("input[name=idNumber]").FillAsync(ApplicantIdNumber);
        await form.Locator("input[name=mobile]").FillAsync(ApplicantMobile);
        await form.Locator("#send-code").ClickAsync();
        await Assertions.Expect(form.Locator("#code-field input")).ToBeVisibleAsync();
        var code = await CodeFromSmsAsync(caseNumber);
        var wrong = code == "000000" ? "111111" : "000000";

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await form.Locator("input[name=code]").FillAsync(wrong);
            await form.Locator("#enter").ClickAsync();
            await Assertions.Expect(form.Locator(".form-error")).ToHaveTextAsync("未能核实：验证码错误。");
            await Assertions.Expect(form.Locator("#enter")).ToBeEnabledAsync();
            await form.Locator(".form-error").EvaluateAsync("e => e.textContent = ''");
        }

        await form.Locator("input[name=code]").FillAsync(code);
        await form.Locator("#enter").ClickAsync();
        await Assertions.Expect(form.Locator(".form-error")).ToHaveTextAsync("尝试次数过多，请稍后再试：验证码错误次数过多，请稍后再试。");
        Assert.Contains("/party/", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#case")).ToBeHiddenAsync();
    }

    /// <summary>The newest code for <paramref name="caseNumber"/> texted to the applicant's mobile, from the node's SMS outbox.</summary>
    private async Task<string> CodeFromSmsAsync(string caseNumber)
    {
        string? code = null;
        await Wait.UntilAsync(() =>
        {
            code = File.Exists(SmsFile)
                ? File.ReadAllLines(SmsFile).Select(l => JsonNode.Parse(l)!).Where(n => (string?)n["mobile"] == ApplicantMobile && ((string)n["text"]!).Contains(caseNumber, StringComparison.Ordinal))
                    .Select(n => CodePattern().Match((string)n["text"]!)).LastOrDefault(m => m.Success)?.Groups[1].Value
                : null;
            return code is not null;
        }, "the code's SMS in the outbox");
        return code!;
    }

    [GeneratedRegex("验证码为(\\d{6})")]
    private static partial Regex CodePattern();

    /// <summary>A 1×1 PNG: the server recognises files by their first bytes.</summary>
    private static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
}
