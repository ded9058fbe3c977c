using Microsoft.AspNetCore.Authorization;

namespace Coordination.Gateway.Access;

/// <summary>An operation on an object of a resource kind, for ASP.NET Core's resource-based authorization.</summary>
/// <param name="Rule">The access table's row for it.</param>
public sealed record AccessRequirement(AccessRule Rule) : IAuthorizationRequirement;
