using Coordination.Gateway.Auth;
using Microsoft.AspNetCore.Http;

namespace Coordination.Gateway.Access;

/// <summary>A kind without an object id: the caller's own work, session or party case, or the deployment as a whole.</summary>
/// <param name="Resource">The kind.</param>
public sealed record OwnWork(string Resource);

/// <summary>
/// The kinds that are the caller's own by construction (their agenda, their requests, their applications, their
/// session, the deployment's views): the role alone decides. For <c>applicant-case</c>, Own only when the party token
/// acts for an applicant.
/// </summary>
internal sealed class OwnWorkAccess : ResourceAccess<OwnWork>
{
    public override IReadOnlyList<string> Resources =>
    [
        Access.Resources.JudgeWork, Access.Resources.GridWork, Access.Resources.OwnFilings, Access.Resources.PartyCase,
        Access.Resources.ApplicantCase, Access.Resources.Deployment, Access.Resources.Session,
    ];

    public override bool Hidden => false;

    protected override ValueTask<OwnWork?> LocateAsync(string resource, string key, HttpContext http) => ValueTask.FromResult<OwnWork?>(new OwnWork(resource));

    protected override Relation RelationOf(Caller caller, OwnWork resource) =>
        resource.Resource == Access.Resources.ApplicantCase && !caller.ActsForApplicant ? Relation.Other : Relation.Own;
}
