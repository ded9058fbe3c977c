using Microsoft.AspNetCore.Http;

namespace Coordination.Gateway.Access;

/// <summary>
/// Endpoint metadata: what the endpoint does, as rows of the <see cref="AccessTable"/>, and how to find the object it
/// does it to. Shown in the OpenAPI document as <c>x-access</c>.
/// </summary>
public sealed class AccessDeclaration
{
    /// <summary>The resource kind (<see cref="Resources"/>).</summary>
    public required string Resource { get; init; }

    /// <summary>The operations the endpoint may perform; one unless <see cref="ChooseOperation"/> picks among them.</summary>
    public required IReadOnlyList<string> Operations { get; init; }

    /// <summary>For an endpoint whose operation depends on its body: picks the operation of this request.</summary>
    public Func<EndpointFilterInvocationContext, string>? ChooseOperation { get; init; }

    /// <summary>Names the object when it is not in the route, e.g. the court of a filing from its body.</summary>
    public Func<EndpointFilterInvocationContext, string?>? Key { get; init; }

    /// <summary>Finds the object itself, when the kind's locator needs more than one id (a team and the case it is sent on).</summary>
    public Func<EndpointFilterInvocationContext, ValueTask<object?>>? Locate { get; init; }

    /// <summary>The rows, <c>resource:operation</c>, space-separated.</summary>
    public string Names => string.Join(' ', Operations.Select(o => $"{Resource}:{o}"));
}
