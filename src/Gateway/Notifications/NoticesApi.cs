using System.Security.Cryptography;
using System.Text;
using Orleans;
using Coordination.Gateway.Access;
using Coordination.Gateway.Auth;
using Coordination.Gateway.Errors;
using Coordination.Grains.Cases;
using Coordination.Grains.Courts;
using Coordination.Grains.Notifications;
using Coordination.Grains.Texts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Coordination.Gateway.Notifications;

/// <summary>A delivery report from the SMS gateway.</summary>
/// <param name="MessageId">The notice's key, as sent.</param>
/// <param name="Delivered">True if it reached the phone; false if it cannot.</param>
/// <param name="Detail">The gateway's reason, when it failed.</param>
public sealed record DeliveryReport(string MessageId, bool Delivered, string? Detail);

/// <summary>
/// Notices to parties: a case's notices and the release of those that wait for the judge; each court's figures for the
/// chief (oldest undelivered message, parties that cannot be reached); the SMS gateway's delivery reports.
/// </summary>
public static class NoticesApi
{
    /// <summary>The header carrying <see cref="NotificationOptions.DeliveryReportToken"/>.</summary>
    public const string ReportTokenHeader = "X-Sms-Report-Token";

    /// <summary>Maps <c>/cases/{n}/notices</c>, <c>/notices/{key}/approve</c>, <c>/courts/{id}/notices/health</c> and <c>/sms/delivery-reports</c>.</summary>
    public static IEndpointRouteBuilder MapNoticesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cases/{caseNumber}/notices", ForCase).WithTags("Notices").WithName("GetCaseNotices")
            .WithSummary("The messages sent (or waiting) to the case's parties, with their status.")
            .RequireAccess(Resources.Case, "read");
        app.MapPost("/notices/{key}/approve", Approve).WithTags("Notices").WithName("ApproveNotice")
            .WithSummary("The case's judge (or the chief) releases a notice the court sends only by hand.")
            .RequireAccess(Resources.Notice, "approve");
        app.MapGet("/courts/{courtId}/notices/health", Health).WithTags("Notices").WithName("GetNoticeHealth")
            .WithSummary("Messages by status, the oldest undelivered one's age (target: under 1 hour), unreachable parties (chief, command centre).")
            .RequireAccess(Resources.Court, "supervise");
        app.MapPost("/sms/delivery-reports", Report).AllowAnonymous().WithMetadata(new SignedRequest(AccessOpenApi.SmsReportScheme)).WithTags("Notices").WithName("ReportSmsDelivery")
            .WithSummary("The SMS gateway reports a message delivered or failed (header X-Sms-Report-Token).");
        return app;
    }

    /// <summary>The case's notices, found by their keys: each record entry's notices, as the case wrote them.</summary>
    private static async Task<Ok<NoticeView[]>> ForCase(string caseNumber, IGrainFactory grains, CourtDirectory courts)
    {
        var caseGrain = grains.GetGrain<ICaseGrain>(caseNumber);
        var theCase = await caseGrain.Get();
        var keys = (await caseGrain.GetRecord()).SelectMany(entry => NoticeTemplates.For(entry, theCase.Filing, courts.NameOf(theCase.CourtId))).Select(n => n.Key);
        var notices = await Task.WhenAll(keys.Select(key => grains.GetGrain<INoticeGrain>(key).Get()));
        return TypedResults.Ok(notices.OfType<NoticeView>().ToArray());
    }

    private static async Task<Ok<NoticeView>> Approve(string key, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<INoticeGrain>(key).Approve(Caller.From(http.User).UserId));

    private static async Task<Ok<NoticeHealth>> Health(string courtId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ICourtNoticesGrain>(courtId).Health());

    private static async Task<Results<Ok<NoticeView>, ProblemHttpResult>> Report(DeliveryReport report, HttpContext http, IGrainFactory grains, IOptions<NotificationOptions> options)
    {
        var expected = options.Value.DeliveryReportToken;
        var given = http.Request.Headers[ReportTokenHeader].ToString();
        if (string.IsNullOrEmpty(expected) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given)))
        {
            return WordedProblem.Result(StatusCodes.Status401Unauthorized, ProblemText.Of("notice.title.reportRefused"), ProblemText.Of("notice.reportToken", ("header", ReportTokenHeader)));
        }

        var notice = grains.GetGrain<INoticeGrain>(report.MessageId);
        _ = await notice.Get() ?? throw new NoticeNotFoundException(report.MessageId);
        return TypedResults.Ok(await notice.Report(report.Delivered, report.Detail));
    }
}
