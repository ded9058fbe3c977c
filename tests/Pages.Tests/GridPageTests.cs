using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Coordination.Pages.Tests;

/// <summary>The grid worker's page (/grid/) at a phone's width, in Debian's chromium against the node executable.</summary>
[Trait("Category", "Browser")]
public sealed class GridPageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "grid-password-for-tests";
    private readonly RunningNode _node = new("grid-pages", MosquittoBroker.FreePort());
    private Chromium _chromium = null!;

    public async Task InitializeAsync()
    {
        await _node.RunVerbAsync(["set-password", "grid-liu"], Password);
        await _node.StartAsync();
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task AGridWorker_SeesARequestOnTheMapAndInTheList_SeesTheNextArriveLive_AndAnswersIt()
    {
        // A judge asks for the whereabouts of a debtor living in grid-liu's area (南京东路街道 of SH01).
        var (caseNumber, requestId) = await AssistanceRequestAsync();

        var page = await _chromium.NewPageAsync(output, phone: true);
        await Chromium.SignInAsync(page, _node.BaseUrl, "grid-liu", Password);
        Assert.EndsWith("/grid/", page.Url, StringComparison.Ordinal);
        var request = page.Locator($"#requests li[data-request='{requestId}']");
        await Assertions.Expect(request).ToContainTextAsync(caseNumber);
        await Assertions.Expect(request).ToContainTextAsync("上海市黄浦区南京东路100号");
        await Assertions.Expect(request).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bopen\\b"));
        var marker = page.Locator($"#map path.request-{requestId}");
        await Assertions.Expect(marker).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bopen\\b")); // on the map at the debtor's address

        // An answer without its text is refused by the server, and the page says so at the field.
        await request.Locator("input[name=found][value=true]").CheckAsync();
        await request.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(request.Locator(".field.invalid:has(textarea[name=text]) .field-error")).ToContainTextAsync("为必填项");

        await request.Locator("textarea[name=text]").FillAsync("被执行人现居住于南京东路100号3室，邻居证实");

        // While the worker types, another request arrives: the list shows it live and keeps what was typed.
        await Assertions.Expect(page.Locator("body[data-live=true]")).ToHaveCountAsync(1);
        var (_, nextId) = await AssistanceRequestAsync();
        await Assertions.Expect(page.Locator($"#requests li[data-request='{nextId}']")).ToBeVisibleAsync();
        await Assertions.Expect(request.Locator("textarea[name=text]")).ToHaveValueAsync("被执行人现居住于南京东路100号3室，邻居证实");
        await Assertions.Expect(request.Locator("input[name=found][value=true]")).ToBeCheckedAsync();

        await request.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(request).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\banswered\\b"));
        await Assertions.Expect(page.Locator($"#map path.request-{requestId}")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\banswered\\b"));
        await Assertions.Expect(request).ToContainTextAsync("邻居证实");

        using var judge = await _node.ClientForAsync("judge-wang");
        var recorded = await judge.GetFromJsonAsync<JsonObject>($"/assistance/{requestId}");
        Assert.True((bool)recorded!["answer"]!["found"]!);
        Assert.Equal("被执行人现居住于南京东路100号3室，邻居证实", (string?)recorded["answer"]!["text"]);
        Assert.NotNull((string?)recorded["answeredAt"]);

        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "grid-phone.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"screenshot: {screenshot}");
    }

    private async Task<(string CaseNumber, string RequestId)> AssistanceRequestAsync()
    {
        var caseNumber = $"SH01-2026-{Guid.NewGuid().ToString("N")[..8]}";
        var filing = RunningNode.Filing(caseNumber);
        filing["debtors"]![0]!["address"] = new JsonObject { ["text"] = "上海市黄浦区南京东路100号", ["latitude"] = 31.235, ["longitude"] = 121.475 };
        using var clerk = await _node.ClientForAsync("clerk-li");
        var filed = await clerk.PostAsJsonAsync("/cases", filing);
        Assert.True(filed.IsSuccessStatusCode, await filed.Content.ReadAsStringAsync());
        using var chief = await _node.ClientForAsync("chief-zhao");
        (await chief.PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "JudgeAssigned", judgeId = "judge-wang" })).EnsureSuccessStatusCode();
        using var judge = await _node.ClientForAsync("judge-wang");
        var asked = await judge.PostAsJsonAsync($"/cases/{caseNumber}/assistance", new { debtorIndex = 0, kind = "Whereabouts", note = "申请执行人称其常在南京东路出现" });
        Assert.True(asked.IsSuccessStatusCode, await asked.Content.ReadAsStringAsync());
        var request = await asked.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("grid-liu", (string?)request!["workerId"]);
        return (caseNumber, (string)request["id"]!);
    }
}
