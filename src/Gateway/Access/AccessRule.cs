using Coordination.Gateway.Auth;

namespace Coordination.Gateway.Access;

/// <summary>One row of the access table: who may do <paramref name="Operation"/> to which objects of <paramref name="Resource"/>.</summary>
/// <param name="Resource">One of <see cref="Resources"/>.</param>
/// <param name="Operation">What is done, e.g. <c>read</c>, <c>record-measure</c>.</param>
public sealed record AccessRule(string Resource, string Operation)
{
    /// <summary>The clerk's scope.</summary>
    public AccessScope Clerk { get; init; }

    /// <summary>The judge's scope.</summary>
    public AccessScope Judge { get; init; }

    /// <summary>The bureau chief's scope.</summary>
    public AccessScope Chief { get; init; }

    /// <summary>The command centre's scope.</summary>
    public AccessScope CommandCentre { get; init; }

    /// <summary>The grid worker's scope.</summary>
    public AccessScope GridWorker { get; init; }

    /// <summary>A party token's scope.</summary>
    public AccessScope Party { get; init; }

    /// <summary>A filer token's scope.</summary>
    public AccessScope Filer { get; init; }

    /// <summary><c>resource:operation</c>, as in the OpenAPI document's <c>x-access</c>.</summary>
    public string Name => $"{Resource}:{Operation}";

    /// <summary>The scope of <paramref name="role"/>; <see cref="AccessScope.None"/> for an unknown role.</summary>
    public AccessScope ScopeOf(string role) => role switch
    {
        Roles.Clerk => Clerk,
        Roles.Judge => Judge,
        Roles.Chief => Chief,
        Roles.CommandCentre => CommandCentre,
        Roles.GridWorker => GridWorker,
        Roles.Party => Party,
        Roles.Filer => Filer,
        _ => AccessScope.None,
    };

    /// <summary>Whether <paramref name="role"/> may act on an object it stands to as <paramref name="relation"/>.</summary>
    public bool Allows(string role, Relation relation) => ScopeOf(role) switch
    {
        AccessScope.All => true,
        AccessScope.Court => relation is Relation.Own or Relation.Court,
        AccessScope.Own => relation is Relation.Own,
        _ => false,
    };
}
