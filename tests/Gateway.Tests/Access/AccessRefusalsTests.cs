using System.Reflection;
using System.Text.Json;
using Coordination.Gateway.Access;
using Coordination.Gateway.Auth;
using Coordination.Grains.Texts;

namespace Coordination.Gateway.Tests.Access;

/// <summary>
/// The 404 and 403 answers are worded for the pages (a resource named by its word, <c>problem.resource.{resource}</c>)
/// and say in English what they said before the texts: "No such field team.", "judge-wang (judge) may not ...".
/// </summary>
public sealed class AccessRefusalsTests
{
    public static TheoryData<string> AllResources() =>
        [.. typeof(Resources).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];

    [Theory]
    [MemberData(nameof(AllResources))]
    public void EveryResource_HasAWordInEveryLanguage_AndItsEnglishIsItsNameInWords(string resource)
    {
        Assert.Equal(resource.Replace('-', ' '), Texts("en")[$"problem.resource.{resource}"]);
        Assert.False(string.IsNullOrWhiteSpace(Texts("zh-CN").GetValueOrDefault($"problem.resource.{resource}")), $"problem.zh-CN.json has no problem.resource.{resource}.");
    }

    [Fact]
    public void NotFound_SaysInEnglishWhatItSaidBefore_WithTheResourceExtensionAndAText()
    {
        var named = AccessRefusals.NotFound(Resources.FieldTeam, "SH01-T9").ProblemDetails;
        var unnamed = AccessRefusals.NotFound(Resources.AssistanceRequest, null).ProblemDetails;

        Assert.Equal((404, "No such field team.", "There is no field team 'SH01-T9' that you can see."), (named.Status, named.Title, named.Detail));
        Assert.Equal(("No such assistance request.", "There is no such assistance request."), (unnamed.Title, unnamed.Detail));
        Assert.Equal(Resources.FieldTeam, named.Extensions["resource"]);
        var text = Assert.IsType<ProblemText>(named.Extensions["text"]);
        Assert.Equal(("access.notVisible", Resources.FieldTeam, "SH01-T9"), (text.Key, text.Args["resource"], text.Args["key"]));
    }

    [Fact]
    public void Forbidden_SaysInEnglishWhoMay_WithTheResourceAndAccessExtensions()
    {
        var rule = AccessTable.Rule(Resources.Court, "read-filings");
        var problem = AccessRefusals.Forbidden(rule, new Caller("judge-wang", Roles.Judge, "SH01")).ProblemDetails;

        Assert.Equal((403, "Not allowed."), (problem.Status, problem.Title));
        Assert.Equal("judge-wang (judge) may not read-filings this court; court:read-filings is for: clerk (court), chief (court), command-centre.", problem.Detail);
        Assert.Equal((Resources.Court, "court:read-filings"), (problem.Extensions["resource"], problem.Extensions["access"]));
        Assert.Equal("access.notAllowed", Assert.IsType<ProblemText>(problem.Extensions["text"]).Key);
    }

    private static Dictionary<string, string> Texts(string language) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(ReadmeAccessTable.RepositoryRoot(), "src", "Gateway", "wwwroot", "ui", "texts", $"problem.{language}.json")))!;
}
