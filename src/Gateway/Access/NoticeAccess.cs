using Orleans;
using Coordination.Gateway.Auth;
using Coordination.Grains.Notifications;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Access;

/// <summary>A notice, decided on its case.</summary>
/// <param name="Key">The notice.</param>
/// <param name="Case">Its case.</param>
public sealed record NoticeResource(string Key, CaseResource Case);

/// <summary>Notices (route <c>{key}</c>), decided on their case: Own: the judge in charge of it. Court: its court.</summary>
internal sealed class NoticeAccess : ResourceAccess<NoticeResource>
{
    public override IReadOnlyList<string> Resources => [Access.Resources.Notice];

    public override string? RouteParameter => "key";

    protected override async ValueTask<NoticeResource?> LocateAsync(string resource, string key, HttpContext http) =>
        await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<INoticeGrain>(key).Get() is { } notice
        && await CaseAccess.FindAsync(notice.Notice.CaseNumber, http) is { } theCase
            ? new NoticeResource(key, theCase)
            : null;

    protected override Relation RelationOf(Caller caller, NoticeResource resource) => RelationFor(caller, CaseAccess.IsJudgeInCharge(caller, resource.Case), resource.Case.CourtId);
}
