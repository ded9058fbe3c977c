using System.Text.Json.Nodes;
using Coordination.Gateway.Errors;
using Coordination.Grains.Cases;
using Coordination.Grains.Texts;
using Coordination.Grains.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Coordination.Gateway.Tests.Errors;

public sealed class GatewayExceptionHandlerTests : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    [Fact]
    public async Task AWriteThatLostAVersionRace_IsA503WithRetryAfter_SayingNothingChanged()
    {
        var context = NewContext();

        Assert.True(await Handler().TryHandleAsync(context, new InconsistentStateException("version conflict on write of state 'case'", "3", "2"), CancellationToken.None));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        Assert.Equal("Another node changed this meanwhile; nothing was changed; try again.", (string?)JsonNode.Parse(context.Response.Body)!["title"]);
    }

    [Fact]
    public async Task ARefusal_CarriesItsReasonAsATextOfThePages_BesideTheEnglish()
    {
        var context = NewContext();
        var reason = ProblemText.Of("title.noCase");

        await Handler().TryHandleAsync(context, new CaseStepRefusedException(reason), CancellationToken.None);

        var problem = Written(context);
        Assert.Equal(StatusCodes.Status409Conflict, context.Response.StatusCode);
        Assert.Equal(("title.noCase", "No such case.", "The step was refused."), ((string?)problem["text"]!["key"], (string?)problem["detail"], (string?)problem["title"]));
    }

    [Fact]
    public async Task BadFields_CarryTheirTextsByField_BesideTheEnglishErrors()
    {
        var context = NewContext();

        await Handler().TryHandleAsync(context, InputValidationException.For("courtId", "unknownCourt", ("court", "XX")), CancellationToken.None);

        var problem = Written(context);
        Assert.Equal("'XX' is not a court of this deployment.", (string?)problem["errors"]!["courtId"]![0]);
        Assert.Equal(("unknownCourt", "XX"), ((string?)problem["fieldTexts"]!["courtId"]![0]!["key"], (string?)problem["fieldTexts"]!["courtId"]![0]!["args"]!["court"]));
        Assert.Equal("title.invalidInput", (string?)problem["text"]!["key"]);
    }

    [Fact]
    public async Task AnUnknownException_IsLeftToTheDefaultHandler_Untouched()
    {
        var context = NewContext();

        Assert.False(await Handler().TryHandleAsync(context, new InvalidOperationException("a bug"), CancellationToken.None));

        Assert.Equal(0, context.Response.Body.Length);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private GatewayExceptionHandler Handler() => new(_services.GetRequiredService<IProblemDetailsService>());

    private static JsonNode Written(DefaultHttpContext context)
    {
        context.Response.Body.Position = 0;
        return JsonNode.Parse(context.Response.Body)!;
    }

    private DefaultHttpContext NewContext() => new() { RequestServices = _services, Response = { Body = new MemoryStream() } };
}
