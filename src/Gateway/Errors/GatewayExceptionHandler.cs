using System.Text.Json;
using Orleans;
using Coordination.Grains.Cases;
using Coordination.Grains.Texts;
using Coordination.Grains.Validation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Coordination.Gateway.Errors;

/// <summary>
/// Turns the domain's exceptions into problem details: bad fields 400 (with the field names), a step that
/// makes no sense now (or a command to a device with too many waiting) 409, an unknown case 404, a timed-out call 503,
/// and a write that lost a version race 503: its grain had just moved between nodes, nothing was changed, and Orleans has
/// deactivated the stale activation, so trying again reads the stored state afresh. Anything else stays a 500.
/// </summary>
internal sealed class GatewayExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            InputValidationException invalid => Invalid(invalid.Texts, "title.invalidInput"),
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } => Invalid(await BindingErrors.OfAsync(exception, context), "title.unreadable"),
            BadHttpRequestException bad => Problem(bad.StatusCode, "title.unreadable", bad),
            JsonException => Invalid(await BindingErrors.OfAsync(exception, context), "title.notJson"),
            CaseStepRefusedException refused => Problem(StatusCodes.Status409Conflict, "title.stepRefused", refused),
            Grains.Devices.Commands.DeviceCommandRefusedException refused => Problem(StatusCodes.Status409Conflict, "title.deviceBusy", refused),
            Grains.FieldTeams.FieldTeamNotFoundException missing => Problem(StatusCodes.Status404NotFound, "title.noFieldTeam", missing),
            Grains.Trips.TripNotFoundException missing => Problem(StatusCodes.Status404NotFound, "title.noTrip", missing),
            Grains.Trips.TripSuggestionNotFoundException missing => Problem(StatusCodes.Status404NotFound, "title.noSuggestion", missing),
            Grains.Trips.TripRefusedException refused => Problem(StatusCodes.Status409Conflict, "title.refused", refused),
            Grains.Entrustment.EntrustmentNotFoundException missing => Problem(StatusCodes.Status404NotFound, "title.noEntrustment", missing),
            Grains.Entrustment.EntrustmentRefusedException refused => Problem(StatusCodes.Status409Conflict, "title.refused", refused),
            Grains.Entrustment.IdempotencyConflictException conflict => Problem(StatusCodes.Status409Conflict, "title.idempotencyKeyReused", conflict),
            Grains.Assistance.AssistanceNotFoundException missing => Problem(StatusCodes.Status404NotFound, "title.noAssistance", missing),
            Grains.Assistance.AssistanceRefusedException refused => Problem(StatusCodes.Status409Conflict, "title.refused", refused),
            Grains.Notifications.NoticeNotFoundException missing => Problem(StatusCodes.Status404NotFound, "title.noNotice", missing),
            Grains.Filing.FilingNotFoundException missing => Problem(StatusCodes.Status404NotFound, "title.noFiling", missing),
            Grains.Filing.FilingRefusedException refused => Problem(StatusCodes.Status409Conflict, "title.refused", refused),
            CaseNotFoundException missing => Problem(StatusCodes.Status404NotFound, "title.noCase", missing),
            InvalidDataException corrupt => Problem(StatusCodes.Status500InternalServerError, "title.corruptFile", corrupt),
            TimeoutException timeout => Problem(StatusCodes.Status503ServiceUnavailable, "title.busy", timeout),
            Orleans.Storage.InconsistentStateException => Problem(StatusCodes.Status503ServiceUnavailable, "title.changedMeanwhile", exception),
            Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException =>
                Problem(StatusCodes.Status503ServiceUnavailable, "title.nodeUnavailable", exception),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        context.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            // Busy, starting or stopping, or a lost node's grains not yet moved (about 2 s): worth trying again soon.
            context.Response.Headers.RetryAfter = "1";
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// A refusal titled <paramref name="titleKey"/>, with the exception's (English) message as its detail, worded for the
    /// pages by the exception's reason, else by the title.
    /// </summary>
    private static ProblemDetails Problem(int status, string titleKey, Exception exception) =>
        WordedProblem.Details(status, ProblemText.Of(titleKey), (exception as IHasProblemText)?.Reason, exception.Message);

    /// <summary>Bad fields: <c>errors</c> in English, as ASP.NET Core writes them, and <c>fieldTexts</c> worded for the pages.</summary>
    private static HttpValidationProblemDetails Invalid(IReadOnlyDictionary<string, ProblemText[]> texts, string titleKey)
    {
        var title = ProblemText.Of(titleKey);
        return new(InputValidationException.English(texts))
        {
            Status = StatusCodes.Status400BadRequest, Title = title.English, Extensions = { ["text"] = title, ["fieldTexts"] = texts },
        };
    }
}
