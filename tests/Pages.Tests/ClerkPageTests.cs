using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Coordination.Pages.Tests;

/// <summary>
/// The clerk's page (/clerk/) against the node executable: filing by hand with the server's field errors at their
/// fields, and the online-filing queue worked together with the filer's page (/party/filing.html) in another browser
/// context.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ClerkPageTests(ITestOutputHelper output) : IAsyncLifetime
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
        try
        {
            await Assertions.Expect(page.Locator("#bar .who")).ToBeVisibleAsync(new() { Timeout = 20000 });
        }
        finally
        {
            output.WriteLine($"after sign-in: {page.Url}");
            await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "clerk-signin.png") });
        }
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

        await Assertions.Expect(Error("applicants[0].mobile")).ToContainTextAsync("mainland mobile number");
        await Assertions.Expect(Error("debtors[0].idNumber")).ToContainTextAsync("18-character");
        await Assertions.Expect(Error("amountClaimed")).ToContainTextAsync("more than 0");
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
}
