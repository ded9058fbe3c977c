namespace Coordination.Gateway.Access;

/// <summary>Which objects of a kind a role may act on with one operation (a cell of the README's access table).</summary>
public enum AccessScope
{
    /// <summary>None (<c>—</c>).</summary>
    None,

    /// <summary>Only objects that are the caller's own (<c>own</c>): what "own" means is said per resource kind.</summary>
    Own,

    /// <summary>Objects of the caller's court, their own included (<c>court</c>).</summary>
    Court,

    /// <summary>Every object of the deployment (<c>all</c>); for kinds without an object, simply allowed (<c>yes</c>).</summary>
    All,
}
