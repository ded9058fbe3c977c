using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Coordination.Pages.Tests;

/// <summary>
/// The clerk's page (/clerk/) against the node executable: filing by hand with the server's field errors at their
/// fields, in the page's language (Chinese by default), and the online-filing queue worked together with the filer's
/// page (/party/filing.html) in another browser context.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class ClerkPageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "clerk-password-for-tests";
    private readonly RunningNode _node = new("clerk-page", MosquittoBroker.FreePort());
    private Chromium _chromium = null!;

    public async Task InitializeAsync()
    {
        await _node.RunVerbAsync(["set-password", "clerk-li"], Password);
        await _node.StartAsync();
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _node.DisposeAsync();
    }

    /// <summary>Signs a staff user in on the staff sign-in page and waits for their page's bar.</summary>
    private async Task SignInAsync(IPage page, string userId)
    {
        await page.GotoAsync(_node.BaseUrl + "/signin/");
        await page.FillAsync("#sign-in input[name=userId]", userId);
        await page.FillAsync("#sign-in input[name=password]", Password);
        await page.ClickAsync("#sign-in button[type=submit]");
        await Assertions.Expect(page.Locator("#bar .who")).ToBeVisibleAsync(new() { Timeout = 20000 });
    }

    [Fact]
    public async Task AClerksHandFiling_ShowsTheServersFieldErrorsAtTheirFields()
    {
        var elapsed = Stopwatch.StartNew();
        var caseNumber = $"SH01-2026-{Guid.NewGuid().ToString("N")[..8]}";
        var page = await _chromium.NewPageAsync(output);
        await SignInAsync(page, "clerk-li");
        var form = page.Locator("#file-form");
        ILocator Error(string name) => form.Locator($"label.field:has([name='{name}']) .field-error");

        await form.Locator("[name=caseNumber]").FillAsync(caseNumber);
        await form.Locator("[name=amountClaimed]").FillAsync("0");
        await form.Locator("[name=basisDocument]").FillAsync("(2025)沪0101民初123号");
        await form.Locator("[name='applicants[0].name']").FillAsync("张三");
        await form.Locator("[name='applicants[0].idNumber']").FillAsync("310101198001010018");
        await form.Locator("[name='applicants[0].mobile']").FillAsync("12345");
        await form.Locator("[name='applicants[0].address.text']").FillAsync("上海市黄浦区南京东路1号");
        await form.Locator("[name='debtors[0].name']").FillAsync("李四");
        await form.Locator("[name='debtors[0].idNumber']").FillAsync("310101198001010027");
        await form.Locator("[name='debtors[0].mobile']").FillAsync("13900002222");
        await form.Locator("[name='debtors[0].address.text']").FillAsync("上海市徐汇区漕溪北路2号");
        await form.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(Error("applicants[0].mobile")).ToContainTextAsync("中国大陆手机号码");
        await Assertions.Expect(Error("debtors[0].idNumber")).ToContainTextAsync("18 位居民身份证号码");
        await Assertions.Expect(Error("amountClaimed")).ToContainTextAsync("须大于 0");
        await Assertions.Expect(Error("applicants[0].idNumber")).ToBeEmptyAsync();
        await Assertions.Expect(Error("debtors[0].mobile")).ToBeEmptyAsync();
        await Assertions.Expect(form.Locator(".field.invalid")).ToHaveCountAsync(3);
        using var clerk = await _node.ClientForAsync("clerk-li");
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync($"/cases/{caseNumber}")).StatusCode);

        await form.Locator("[name=amountClaimed]").FillAsync("125000");
        await form.Locator("[name='applicants[0].mobile']").FillAsync("13800001111");
        await form.Locator("[name='debtors[0].idNumber']").FillAsync("310101198001010026");
        await form.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("#toasts")).ToContainTextAsync($"已立案：{caseNumber}");
        await Assertions.Expect(form.Locator(".field.invalid")).ToHaveCountAsync(0);
        var filed = (await clerk.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}"))!;
        Assert.Equal((125000m, "13800001111"), ((decimal)filed["filing"]!["amountClaimed"]!, (string)filed["filing"]!["applicants"]![0]!["mobile"]!));
        output.WriteLine($"took {elapsed.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task AClerkRequestsACorrection_TheFilerCorrectsIt_AndTheClerkAccepts()
    {
        var elapsed = Stopwatch.StartNew();
        var application = Path.Combine(_node.Folder, "申请书.pdf");
        var identity = Path.Combine(_node.Folder, "申请人身份证.pdf");
        await File.WriteAllTextAsync(application, "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", Encoding.ASCII);
        await File.WriteAllTextAsync(identity, "%PDF-1.4\n2 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", Encoding.ASCII);
        var filer = await _chromium.NewPageAsync(output, phone: true);
        var clerk = await _chromium.NewPageAsync(output);

        // The filer signs in with the code texted to their mobile and applies with one document.
        await filer.GotoAsync($"{_node.BaseUrl}/party/filing.html?court=SH01");
        var signIn = filer.Locator("#sign-in");
        await signIn.Locator("input[name=mobile]").FillAsync(FilerMobile);
        await signIn.Locator("#send-code").ClickAsync();
        await Assertions.Expect(signIn.Locator("input[name=code]")).ToBeVisibleAsync();
        await signIn.Locator("input[name=code]").FillAsync(await CodeFromSmsAsync());
        await signIn.Locator("#enter").ClickAsync();
        var apply = filer.Locator("#new-filing");
        await Assertions.Expect(apply.Locator("[name='applicants[0].mobile']")).ToHaveValueAsync(FilerMobile);
        await Assertions.Expect(apply.Locator("[name=courtId]")).ToHaveValueAsync("SH01");
        await FilingForm.FillAndSendAsync(apply, application);
        await Assertions.Expect(filer.Locator("#filing-status")).ToHaveTextAsync("审查中");
        var id = (await filer.Locator("#my-filings li").First.GetAttributeAsync("data-id"))!;

        // The clerk finds it in the court's queue with its document and asks for the applicant's identity papers.
        await SignInAsync(clerk, "clerk-li");
        await Assertions.Expect(filer.Locator("body[data-live=true]")).ToHaveCountAsync(1);
        await Assertions.Expect(clerk.Locator("body[data-live=true]")).ToHaveCountAsync(1);
        await clerk.Locator($"#applications li[data-id='{id}']").ClickAsync();
        await Assertions.Expect(clerk.Locator("#documents a")).ToHaveTextAsync("申请书.pdf");
        var correction = clerk.Locator("form[data-decision=RequestCorrection]");
        await correction.Locator("[name=missing]").FillAsync("申请人身份证明");
        await correction.Locator("[name=reason]").FillAsync("请补充申请人身份证复印件");
        await correction.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(clerk.Locator("#application-status")).ToHaveTextAsync("待补正");

        // The filer's page shows what is missing as it happens (its change stream); the filer adds it and sends the application again.
        await Assertions.Expect(filer.Locator("#filing-status")).ToHaveTextAsync("需补正");
        var corrected = filer.Locator("#correction-form");
        await Assertions.Expect(corrected.Locator("#correction-missing")).ToHaveTextAsync("申请人身份证明");
        await Assertions.Expect(corrected.Locator("[name='debtors[0].name']")).ToHaveValueAsync("李四");
        await corrected.Locator("input[name=documents]").SetInputFilesAsync(identity);
        await corrected.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(filer.Locator("#filing-status")).ToHaveTextAsync("审查中");

        // The clerk sees the corrected application with both documents and files the case.
        var caseNumber = $"SH01-2026-{Guid.NewGuid().ToString("N")[..8]}";
        await Assertions.Expect(clerk.Locator($"#applications li[data-id='{id}'] .chip")).ToHaveTextAsync("待审查"); // the queue is live too
        await clerk.Locator($"#applications li[data-id='{id}']").ClickAsync();
        await Assertions.Expect(clerk.Locator("#documents a")).ToHaveTextAsync(["申请书.pdf", "申请人身份证.pdf"]);
        var accept = clerk.Locator("form[data-decision=Accept]");
        await accept.Locator("[name=caseNumber]").FillAsync(caseNumber);
        await accept.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(clerk.Locator("#application-status")).ToHaveTextAsync("已立案");

        await Assertions.Expect(filer.Locator("#filing-status")).ToHaveTextAsync("已立案");
        await Assertions.Expect(filer.Locator("#filing-case")).ToContainTextAsync(caseNumber);
        Assert.True(await filer.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the filing page fits a 390 px phone without scrolling sideways");
        await filer.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "party-filing.png"), FullPage = true });
        await clerk.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "clerk.png"), FullPage = true });
        using var api = await _node.ClientForAsync("clerk-li");
        var filed = (await api.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}"))!;
        Assert.Equal(id, (string)filed["filing"]!["applicationId"]!);
        Assert.Equal(2, filed["filing"]!["documents"]!.AsArray().Count);
        output.WriteLine($"took {elapsed.Elapsed.TotalSeconds:0.0} s");
    }

    private const string FilerMobile = "13800001111";

    private string SmsFile => Path.Combine(_node.Folder, "data", "sms", "outbox.jsonl");

    /// <summary>The newest online-filing code texted to the filer's mobile, from the node's SMS outbox.</summary>
    private async Task<string> CodeFromSmsAsync()
    {
        string? code = null;
        await Wait.UntilAsync(() =>
        {
            code = File.Exists(SmsFile)
                ? File.ReadAllLines(SmsFile).Select(l => JsonNode.Parse(l)!).Where(n => (string?)n["mobile"] == FilerMobile)
                    .Select(n => CodePattern().Match((string)n["text"]!)).LastOrDefault(m => m.Success)?.Groups[1].Value
                : null;
            return code is not null;
        }, "the code's SMS in the outbox");
        return code!;
    }

    [GeneratedRegex("网上立案的验证码为(\\d{6})")]
    private static partial Regex CodePattern();
}
