using System.Text.Json;
using Orleans;
using Coordination.Grains.Cases;
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
            InputValidationException invalid => new HttpValidationProblemDetails(invalid.Errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Status = StatusCodes.Status400BadRequest, Title = "The input has errors.",
            },
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } => new HttpValidationProblemDetails(await BindingErrors.OfAsync(exception, context))
            {
                Status = StatusCodes.Status400BadRequest, Title = "The request could not be read.",
            },
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read.", Detail = bad.Message },
            JsonException => new HttpValidationProblemDetails(await BindingErrors.OfAsync(exception, context)) { Status = StatusCodes.Status400BadRequest, Title = "The request body is not valid JSON for this endpoint." },
            CaseStepRefusedException refused => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "The step was refused.", Detail = refused.Message },
            Grains.Devices.Commands.DeviceCommandRefusedException refused => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "The device takes no more commands now.", Detail = refused.Message },
            Grains.FieldTeams.FieldTeamNotFoundException missing => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "No such field team.", Detail = missing.Message },
            Grains.Trips.TripNotFoundException missing => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "No such trip.", Detail = missing.Message },
            Grains.Trips.TripSuggestionNotFoundException missing => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "No such suggestion.", Detail = missing.Message },
            Grains.Trips.TripRefusedException refused => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Refused.", Detail = refused.Message },
            Grains.Entrustment.EntrustmentNotFoundException missing => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "No such entrustment.", Detail = missing.Message },
            Grains.Entrustment.EntrustmentRefusedException refused => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Refused.", Detail = refused.Message },
            Grains.Entrustment.IdempotencyConflictException conflict => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Idempotency key reused with a different body.", Detail = conflict.Message },
            Grains.Assistance.AssistanceNotFoundException missing => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "No such assistance request.", Detail = missing.Message },
            Grains.Assistance.AssistanceRefusedException refused => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Refused.", Detail = refused.Message },
            Grains.Notifications.NoticeNotFoundException missing => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "No such notice.", Detail = missing.Message },
            Grains.Filing.FilingNotFoundException missing => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "No such application.", Detail = missing.Message },
            Grains.Filing.FilingRefusedException refused => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Refused.", Detail = refused.Message },
            CaseNotFoundException missing => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "No such case.", Detail = missing.Message },
            InvalidDataException corrupt => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "A stored file failed its integrity check.", Detail = corrupt.Message },
            TimeoutException timeout => new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "The node is busy; try again.", Detail = timeout.Message },
            Orleans.Storage.InconsistentStateException => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable, Title = "Another node changed this meanwhile; nothing was changed; try again.", Detail = exception.Message,
            },
            Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException =>
                new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "The node is not ready or is stopping, or another node was lost; try again.", Detail = exception.Message },
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
}
