using Coordination.Actors;
using Coordination.Gateway.Auth;
using Coordination.Grains.Notifications;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Access;

/// <summary>Notices (route <c>{key}</c>), decided on their case: Own: the judge in charge of it. Court: its court.</summary>
internal sealed class NoticeAccess : ResourceAccess<CaseResource>
{
    public override IReadOnlyList<string> Resources => [Access.Resources.Notice];

    public override string? RouteParameter => "key";

    protected override async ValueTask<CaseResource?> LocateAsync(string resource, string key, HttpContext http) =>
        await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<INoticeGrain>(key).Get() is { } notice
            ? await CaseAccess.FindAsync(notice.Notice.CaseNumber, http)
            : null;

    protected override Relation RelationOf(Caller caller, CaseResource resource) =>
        RelationFor(caller, caller.Role == Roles.Judge && caller.UserId == resource.JudgeId && caller.CourtId == resource.CourtId, resource.CourtId);
}
