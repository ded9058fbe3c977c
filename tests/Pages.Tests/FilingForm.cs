using Microsoft.Playwright;

namespace Coordination.Pages.Tests;

/// <summary>The filer's new-application form (/party/filing.html), filled in as an applicant would.</summary>
internal static class FilingForm
{
    /// <summary>Fills <paramref name="form"/> with one applicant, one debtor and <paramref name="document"/>, and sends it.</summary>
    public static async Task FillAndSendAsync(ILocator form, string document)
    {
        await form.Locator("[name=amountClaimed]").FillAsync("125000");
        await form.Locator("[name=basisDocument]").FillAsync("(2025)沪0101民初123号");
        await form.Locator("[name='applicants[0].name']").FillAsync("张三");
        await form.Locator("[name='applicants[0].idNumber']").FillAsync("310101198001010018");
        await form.Locator("[name='applicants[0].address.text']").FillAsync("上海市黄浦区南京东路1号");
        await form.Locator("[name='debtors[0].name']").FillAsync("李四");
        await form.Locator("[name='debtors[0].idNumber']").FillAsync("310101198001010026");
        await form.Locator("[name='debtors[0].mobile']").FillAsync("13900002222");
        await form.Locator("[name='debtors[0].address.text']").FillAsync("上海市徐汇区漕溪北路2号");
        await form.Locator("input[name=documents]").SetInputFilesAsync(document);
        await form.Locator("button[type=submit]").ClickAsync();
    }
}
