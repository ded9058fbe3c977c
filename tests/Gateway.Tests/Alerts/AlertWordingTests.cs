using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coordination.Gateway.Tests.Access;
using Coordination.Grains.Alerts;

namespace Coordination.Gateway.Tests.Alerts;

/// <summary>The pages' resource files: every language has every text, and every alert wording the server sends (<see cref="AlertWordings"/>).</summary>
public sealed partial class AlertWordingTests
{
    private static readonly string[] Languages = ["zh-CN", "en"];

    public static TheoryData<string> Wordings() =>
        [.. typeof(AlertWordings).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!)];

    [Theory]
    [MemberData(nameof(Wordings))]
    public void EveryWordingTheServerSends_IsInEveryLanguage_WithTheSamePlaceholders(string wording)
    {
        var placeholders = Languages.Select(language =>
        {
            Assert.True(Texts(language).TryGetValue($"common.alert.{wording}", out var text), $"common.{language}.json has no common.alert.{wording}.");
            return string.Join(",", Placeholder().Matches(text!).Select(m => m.Value).Order(StringComparer.Ordinal));
        }).ToList();

        Assert.Single(placeholders.Distinct());
        Assert.NotEqual("", placeholders[0]);
    }

    public static TheoryData<string> Pages() =>
        [.. Directory.GetFiles(TextsFolder, "*.en.json").Select(f => Path.GetFileName(f)[..^".en.json".Length])];

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryPagesTexts_HaveTheSameKeysInEveryLanguage(string page)
    {
        var keys = Languages.Select(language => Texts(language, page).Keys.Order(StringComparer.Ordinal).ToList()).ToList();

        Assert.Equal(keys[0], keys[1]);
    }

    private static string TextsFolder => Path.Combine(ReadmeAccessTable.RepositoryRoot(), "src", "Gateway", "wwwroot", "ui", "texts");

    private static Dictionary<string, string> Texts(string language, string page = "common") =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(TextsFolder, $"{page}.{language}.json")))!;

    [GeneratedRegex(@"\{\w+\}")]
    private static partial Regex Placeholder();
}
