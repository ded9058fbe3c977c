using System.Text.Json;
using System.Text.RegularExpressions;
using Coordination.Gateway.Tests.Access;

namespace Coordination.Gateway.Tests.Errors;

/// <summary>
/// Every refusal the code words (<c>ProblemText.Of("key"</c>, <c>InputValidationException.For(field, "key"</c>,
/// <c>Check(valid, field, "key"</c>, a <c>"title.…"</c> key) is a text of the pages in every language, with the same placeholders.
/// </summary>
public sealed partial class ProblemTextTests
{
    private static readonly string[] Languages = ["en", "zh-CN"];

    public static TheoryData<string> KeysTheCodeSends() => [.. SourceFiles().SelectMany(file => Keys(File.ReadAllText(file))).Distinct().Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(KeysTheCodeSends))]
    public void EveryKeyTheCodeSends_IsATextInEveryLanguage_WithTheSamePlaceholders(string key)
    {
        Assert.Matches(KeyShape(), key);
        var placeholders = Languages.Select(language =>
        {
            Assert.True(Texts(language).TryGetValue($"problem.{key}", out var text), $"problem.{language}.json has no problem.{key}.");
            return string.Join(",", Placeholder().Matches(text!).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal));
        }).ToList();

        Assert.Single(placeholders.Distinct());
    }

    [Fact]
    public void EveryProblemText_HasTheSamePlaceholdersInEveryLanguage()
    {
        var english = Texts("en");
        var chinese = Texts("zh-CN");

        Assert.All(english, text => Assert.Equal(Placeholders(text.Value), Placeholders(chinese.GetValueOrDefault(text.Key) ?? "")));
    }

    [Fact]
    public void TheScan_FindsKeysInEachWayTheCodeWordsThem()
    {
        const string code = """
            errors.Check(amount > 0, "amountClaimed", "positive").Check(ok, $"{field}.size", "fileSize", ("max", 5)).Check(ok, field, "required");
            throw InputValidationException.For("courtId", "unknownCourt", ("court", id));
            throw new TripRefusedException(ProblemText.Of("tripPassed", ("now", now)));
            CaseStepRefusedException refused => Problem(StatusCodes.Status409Conflict, "title.stepRefused", refused),
            """;

        Assert.Equal(["fileSize", "positive", "required", "title.stepRefused", "tripPassed", "unknownCourt"], Keys(code).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> Keys(string code) =>
        new[] { OfCall(), ForCall(), CheckCall(), TitleLiteral() }.SelectMany(pattern => pattern.Matches(code).Select(m => m.Groups["key"].Value));

    private static IEnumerable<string> SourceFiles()
    {
        var src = Path.Combine(ReadmeAccessTable.RepositoryRoot(), "src");
        return Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> Texts(string language) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(ReadmeAccessTable.RepositoryRoot(), "src", "Gateway", "wwwroot", "ui", "texts", $"problem.{language}.json")))!;

    private static string Placeholders(string text) => string.Join(",", Placeholder().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal));

    [GeneratedRegex(@"ProblemText\.Of\(\s*""(?<key>[^""]*)""")]
    private static partial Regex OfCall();

    [GeneratedRegex(@"\.For\(\s*\$?""[^""]*"",\s*""(?<key>[^""]*)""")]
    private static partial Regex ForCall();

    [GeneratedRegex(@"\bCheck\([^;]*?,\s*(?:\$?""[^""]*""|[\w.]+),\s*""(?<key>[^""]*)""")]
    private static partial Regex CheckCall();

    /// <summary>A problem's title key, wherever it is written (the exception handler passes them on by name).</summary>
    [GeneratedRegex(@"""(?<key>(?:[a-z]+\.)*title\.[A-Za-z0-9]+)""")]
    private static partial Regex TitleLiteral();

    [GeneratedRegex(@"^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$")]
    private static partial Regex KeyShape();

    [GeneratedRegex(@"\{\w+\}")]
    private static partial Regex Placeholder();
}
