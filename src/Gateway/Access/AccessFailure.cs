using Microsoft.AspNetCore.Authorization;

namespace Coordination.Gateway.Access;

/// <summary>Why access was refused, and whether the caller may even know the object exists.</summary>
/// <param name="handler">The resource kind's handler.</param>
/// <param name="rule">The row that refused.</param>
/// <param name="hidden">True when the caller may not see the object: the refusal must read like "no such object".</param>
public sealed class AccessFailure(IAuthorizationHandler handler, AccessRule rule, bool hidden)
    : AuthorizationFailureReason(handler, $"{rule.Name} refused")
{
    /// <summary>The row that refused.</summary>
    public AccessRule Rule { get; } = rule;

    /// <summary>Whether the caller may not see the object.</summary>
    public bool Hidden { get; } = hidden;
}
