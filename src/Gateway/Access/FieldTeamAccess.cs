using Orleans;
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
/// <param name="OperationJudgeId">The judge in charge of the case of the team's current operation; null when it is idle.</param>
/// <param name="OrderJudgeId">For a dispatch, the judge in charge of the case the team is being sent on.</param>
public sealed record FieldTeamResource(string TeamId, string CourtId, IReadOnlyList<string> Members, string? OperationJudgeId, string? OrderJudgeId);

/// <summary>
/// Field teams (route <c>{teamId}</c>). Own: a member; the judge in charge of the case of its current operation; and,
/// sending it out, the judge in charge of the new case as long as the team is not on another judge's operation.
/// </summary>
internal sealed class FieldTeamAccess : ResourceAccess<FieldTeamResource>
{
    public override IReadOnlyList<string> Resources => [Access.Resources.FieldTeam];

    public override string? RouteParameter => "teamId";

    /// <summary>The team, with the judges of its current operation's case and of <paramref name="orderCase"/> (a dispatch order's case, if any).</summary>
    public static async ValueTask<FieldTeamResource?> FindAsync(string teamId, string? orderCase, HttpContext http)
    {
        if (http.RequestServices.GetRequiredService<DeviceDirectory>().CourtOfTeam(teamId) is not { } courtId)
        {
            return null;
        }

        var team = await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IFieldTeamGrain>(teamId).Get();
        return new FieldTeamResource(teamId, courtId, team.Setup.Members, await JudgeOfAsync(team.Operation?.CaseNumber, courtId, http), await JudgeOfAsync(orderCase, courtId, http));
    }

    protected override ValueTask<FieldTeamResource?> LocateAsync(string resource, string key, HttpContext http) => FindAsync(key, null, http);

    protected override Relation RelationOf(Caller caller, FieldTeamResource team)
    {
        var judge = caller.Role == Roles.Judge && caller.CourtId == team.CourtId ? caller.UserId : null;
        var own = judge is not null && (team.Members.Contains(judge) || (team.OrderJudgeId is null
            ? team.OperationJudgeId == judge
            : team.OrderJudgeId == judge && (team.OperationJudgeId is null || team.OperationJudgeId == judge)));
        return RelationFor(caller, own, team.CourtId);
    }

    /// <summary>The judge in charge of <paramref name="caseNumber"/>, if it is a case of <paramref name="courtId"/>: another court's case makes nobody's own.</summary>
    private static async ValueTask<string?> JudgeOfAsync(string? caseNumber, string courtId, HttpContext http) =>
        caseNumber is { Length: > 0 } && await CaseAccess.FindAsync(caseNumber, http) is { } theCase && theCase.CourtId == courtId ? theCase.JudgeId : null;
}
