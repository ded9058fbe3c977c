using Microsoft.AspNetCore.Http;

namespace Coordination.Gateway.Access;

/// <summary>Finds the object of one or more resource kinds that a request acts on.</summary>
public interface IResourceLocator
{
    /// <summary>The resource kinds this locator finds (<see cref="Access.Resources"/>).</summary>
    IReadOnlyList<string> Resources { get; }

    /// <summary>The route parameter naming the object; null for kinds that are the caller's own work, with no object id.</summary>
    string? RouteParameter { get; }

    /// <summary>Whether refusing a caller who may not see the object must read exactly like "no such object" (404).</summary>
    bool Hidden { get; }

    /// <summary>The object named <paramref name="key"/>, as the kind's handler decides on it; null when there is none.</summary>
    ValueTask<object?> LocateAsync(string resource, string? key, HttpContext http);
}
