using Coordination.Actors;
using Coordination.Gateway.Auth;
using Coordination.Grains.Devices;
using Coordination.Grains.FieldTeams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Access;

/// <summary>What access to a field team turns on.</summary>
/// <param name="TeamId">The team.</param>
/// <param name="CourtId">Its court.</param>
/// <param name="Members">Its members' user ids.</param>
/// <param name="CaseJudgeId">The judge in charge of the case it is sent on (the order's case, or its current operation's).</param>
public sealed record FieldTeamResource(string TeamId, string CourtId, IReadOnlyList<string> Members, string? CaseJudgeId);

/// <summary>Field teams (route <c>{teamId}</c>). Own: a member, or the judge in charge of the case the team is (being) sent on.</summary>
internal sealed class FieldTeamAccess : ResourceAccess<FieldTeamResource>
{
    public override IReadOnlyList<string> Resources => [Access.Resources.FieldTeam];

    public override string? RouteParameter => "teamId";

    /// <summary>
    /// The team, with the judge of <paramref name="caseNumber"/> (a dispatch order's case) or, when null, of its current
    /// operation's case. A case of another court than the team's does not make anyone's own.
    /// </summary>
    public static async ValueTask<FieldTeamResource?> FindAsync(string teamId, string? caseNumber, HttpContext http)
    {
        if (http.RequestServices.GetRequiredService<DeviceDirectory>().CourtOfTeam(teamId) is not { } courtId)
        {
            return null;
        }

        var team = await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IFieldTeamGrain>(teamId).Get();
        var theCase = (caseNumber ?? team.Operation?.CaseNumber) is { Length: > 0 } number ? await CaseAccess.FindAsync(number, http) : null;
        return new FieldTeamResource(teamId, courtId, team.Setup.Members, theCase?.CourtId == courtId ? theCase.JudgeId : null);
    }

    protected override ValueTask<FieldTeamResource?> LocateAsync(string resource, string key, HttpContext http) => FindAsync(key, null, http);

    protected override Relation RelationOf(Caller caller, FieldTeamResource resource) => RelationFor(
        caller,
        caller.CourtId == resource.CourtId && (resource.Members.Contains(caller.UserId) || resource.CaseJudgeId == caller.UserId),
        resource.CourtId);
}
