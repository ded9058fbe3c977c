using Orleans;
using Coordination.Gateway.Auth;
using Coordination.Grains.Cases;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Access;

/// <summary>What access to a case turns on.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="CourtId">Its court.</param>
/// <param name="JudgeId">The judge in charge, once assigned.</param>
public sealed record CaseResource(string CaseNumber, string CourtId, string? JudgeId);

/// <summary>Cases (route <c>{caseNumber}</c>). Own: the judge in charge. Court: the case's court. (Parties use <c>party-case</c>.)</summary>
internal sealed class CaseAccess : ResourceAccess<CaseResource>
{
    public override IReadOnlyList<string> Resources => [Access.Resources.Case];

    public override string? RouteParameter => "caseNumber";

    /// <summary>The case, or null if nothing is filed under the number.</summary>
    public static async ValueTask<CaseResource?> FindAsync(string caseNumber, HttpContext http)
    {
        try
        {
            var view = await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<ICaseGrain>(caseNumber).Get();
            return new CaseResource(view.CaseNumber, view.CourtId, view.JudgeId);
        }
        catch (CaseNotFoundException)
        {
            return null;
        }
    }

    protected override ValueTask<CaseResource?> LocateAsync(string resource, string key, HttpContext http) => FindAsync(key, http);

    protected override Relation RelationOf(Caller caller, CaseResource resource) => RelationFor(caller, IsJudgeInCharge(caller, resource), resource.CourtId);

    /// <summary>Whether <paramref name="caller"/> is the judge in charge of the case.</summary>
    public static bool IsJudgeInCharge(Caller caller, CaseResource resource) =>
        caller.Role == Roles.Judge && caller.UserId == resource.JudgeId && caller.CourtId == resource.CourtId;
}
