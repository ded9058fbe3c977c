using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.Gateway.Tests.Cases;

namespace Coordination.Gateway.Tests.Access;

/// <summary>Bad input is answered 400 with problem details naming the field and what was expected; a missing field is never a default.</summary>
public sealed class BadRequestTests : IAsyncLifetime
{
    private readonly NodeFactory _node = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task AFilingWithOnlyACourt_Is400NamingEveryMissingField_Not500()
    {
        var errors = await ErrorsAsync(await PostAsync("/cases", """{"courtId":"SH01"}"""));

        Assert.Equal(["amountClaimed", "applicants", "basisDocument", "caseNumber", "debtors", "kind"], errors.Select(e => e.Key).Order());
        Assert.All(errors, e => Assert.Equal("is required.", (string)e.Value![0]!));
    }

    [Fact]
    public async Task AnEmptyFiling_Is400NamingCourtAndCaseNumber_Not403()
    {
        var errors = await ErrorsAsync(await PostAsync("/cases", "{}"));

        Assert.Contains("courtId", errors.Select(e => e.Key));
        Assert.Contains("caseNumber", errors.Select(e => e.Key));
    }

    [Fact]
    public async Task AFilingWithoutKind_IsRefused_NotFiledAsLitigation()
    {
        var filing = CasesApiTests.Filing(CasesApiTests.NewCaseNumber());
        filing.Remove("kind");

        var errors = await ErrorsAsync(await PostAsync("/cases", filing.ToJsonString()));

        Assert.Equal(["kind"], errors.Select(e => e.Key));
    }

    [Fact]
    public async Task ANullCourt_Is400NamingIt()
    {
        var filing = CasesApiTests.Filing(CasesApiTests.NewCaseNumber());
        filing["courtId"] = null;

        var errors = await ErrorsAsync(await PostAsync("/cases", filing.ToJsonString()));

        Assert.Equal(["courtId"], errors.Select(e => e.Key));
        Assert.Equal("must not be null.", (string)errors["courtId"]![0]!);
    }

    [Fact]
    public async Task ADispatchWithoutLatitude_IsRefused_NotSentToLatitudeZero()
    {
        var caseNumber = CasesApiTests.NewCaseNumber();
        (await _node.ClientFor("clerk-li").PostAsJsonAsync("/cases", CasesApiTests.Filing(caseNumber))).EnsureSuccessStatusCode();

        var response = await _node.ClientFor("chief-zhao").PutAsync("/field-teams/SH01-T1/operation",
            new StringContent($$"""{"caseNumber":"{{caseNumber}}","longitude":121.47}""", Encoding.UTF8, "application/json"));

        Assert.Equal(["latitude"], (await ErrorsAsync(response)).Select(e => e.Key));
        Assert.Null((await _node.ClientFor("chief-zhao").GetFromJsonAsync<JsonObject>("/field-teams/SH01-T1"))!["operation"]);
    }

    [Fact]
    public async Task AValueOfTheWrongType_NamesTheFieldAndWhatWasExpected()
    {
        var filing = CasesApiTests.Filing(CasesApiTests.NewCaseNumber());
        filing["amountClaimed"] = "lots";

        var errors = await ErrorsAsync(await PostAsync("/cases", filing.ToJsonString()));

        Assert.Equal("expected a number.", (string)errors["amountClaimed"]![0]!);
    }

    [Fact]
    public async Task AnUnknownEnumName_ListsTheNamesAccepted()
    {
        var filing = CasesApiTests.Filing(CasesApiTests.NewCaseNumber());
        filing["kind"] = "Foo";

        var errors = await ErrorsAsync(await PostAsync("/cases", filing.ToJsonString()));

        Assert.Equal("expected one of Litigation, NonLitigation.", (string)errors["kind"]![0]!);
    }

    [Fact]
    public async Task ANestedFieldOfTheWrongType_IsNamedByItsPath()
    {
        var filing = CasesApiTests.Filing(CasesApiTests.NewCaseNumber());
        filing["debtors"]![0]!["address"]!["latitude"] = "north";

        var errors = await ErrorsAsync(await PostAsync("/cases", filing.ToJsonString()));

        Assert.Equal(["debtors[0].address.latitude"], errors.Select(e => e.Key));
    }

    [Fact]
    public async Task MalformedJson_IsAProblemNamingWhereItBroke()
    {
        var errors = await ErrorsAsync(await PostAsync("/cases", """{"caseNumber": "SH01-1", "courtId": }"""));

        var error = Assert.Single(errors);
        Assert.Equal("courtId", error.Key);
        Assert.StartsWith("not valid JSON", (string)error.Value![0]!);
    }

    /// <summary>Every endpoint with an optional date or enum query value, each bound at run time (see BoundAtRuntime).</summary>
    [Theory]
    [InlineData("chief-zhao", "/courts/SH01/statistics?day=yesterday", "day", "'yesterday' is not a date, e.g. 2026-12-01.")]
    [InlineData("chief-zhao", "/courts/SH01/plans?day=yesterday", "day", "'yesterday' is not a date, e.g. 2026-12-01.")]
    [InlineData("judge-wang", "/judges/me/plan?day=yesterday", "day", "'yesterday' is not a date, e.g. 2026-12-01.")]
    [InlineData("chief-zhao", "/courts/SH01/cases?status=Nope", "status", "'Nope' is not one of None, Filed, ")]
    [InlineData("clerk-li", "/courts/SH01/filings?status=Nope", "status", "'Nope' is not one of Submitted, ")]
    public async Task ABadQueryValue_IsAProblemNamingTheParameterAndWhatWasExpected(string user, string path, string field, string expected)
    {
        var errors = await ErrorsAsync(await _node.ClientFor(user).GetAsync(path));

        Assert.StartsWith(expected, (string)errors[field]![0]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"courtId":"SH01","courtId":"SH01"}""")]
    [InlineData("""{"courtId":"SH01"} trailing""")]
    [InlineData("""{"courtId":"SH01",}""")]
    public async Task OddlyFormedBodies_AreProblemsToo(string body)
    {
        var response = await PostAsync("/cases", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnUnknownRoute_AndAWrongMethod_AreProblems()
    {
        foreach (var response in new[] { await _node.CreateClient().GetAsync("/no-such-thing"), await _node.CreateClient().DeleteAsync("/health") })
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _node.ClientFor("clerk-li").PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonObject> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
    }
}
