using Coordination.Gateway.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Coordination.Gateway.Access;

/// <summary>
/// The authorization handler of one resource kind: it finds the object a request names, says how the caller stands to
/// it (<see cref="Relation"/>), and lets the <see cref="AccessTable"/> decide. Handlers hold no rules of their own.
/// </summary>
/// <typeparam name="TResource">The facts about an object that access is decided on.</typeparam>
public abstract class ResourceAccess<TResource> : AuthorizationHandler<AccessRequirement, TResource>, IResourceLocator
    where TResource : class
{
    /// <inheritdoc />
    public abstract IReadOnlyList<string> Resources { get; }

    /// <inheritdoc />
    public virtual string? RouteParameter => null;

    /// <inheritdoc />
    public virtual bool Hidden => true;

    async ValueTask<object?> IResourceLocator.LocateAsync(string resource, string? key, HttpContext http) =>
        RouteParameter is not null && string.IsNullOrEmpty(key) ? null : await LocateAsync(resource, key!, http);

    /// <summary>The object named <paramref name="key"/>, or null when there is none.</summary>
    protected abstract ValueTask<TResource?> LocateAsync(string resource, string key, HttpContext http);

    /// <summary>How <paramref name="caller"/> stands to <paramref name="resource"/>.</summary>
    protected abstract Relation RelationOf(Caller caller, TResource resource);

    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement, TResource resource)
    {
        if (!Resources.Contains(requirement.Rule.Resource))
        {
            return Task.CompletedTask;
        }

        var caller = Caller.From(context.User);
        var relation = RelationOf(caller, resource);
        if (requirement.Rule.Allows(caller.Role, relation))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AccessFailure(this, requirement.Rule, Hidden && !MaySee(caller, resource, requirement.Rule.Resource, relation)));
        }

        return Task.CompletedTask;
    }

    /// <summary>Whether the caller may know the object exists; by default what <see cref="AccessTable.MaySee"/> says.</summary>
    protected virtual bool MaySee(Caller caller, TResource resource, string kind, Relation relation) => AccessTable.MaySee(caller.Role, kind, relation);

    /// <summary>Own if <paramref name="own"/>, Court if the caller is of <paramref name="courtId"/>, else Other.</summary>
    protected static Relation RelationFor(Caller caller, bool own, string? courtId) =>
        own ? Relation.Own : caller.CourtId is not null && caller.CourtId == courtId ? Relation.Court : Relation.Other;
}
