using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Coordination.Gateway.Access;

/// <summary>Declares an endpoint's row of the access table; checks at start that no endpoint is left without one.</summary>
public static class AccessEndpointExtensions
{
    /// <summary>The endpoint does <paramref name="operation"/> to the <paramref name="resource"/> its route names (signed-in callers only).</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, string resource, string operation) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAccess(new AccessDeclaration { Resource = resource, Operations = [operation] });

    /// <summary>The endpoint does what <paramref name="declaration"/> says (signed-in callers only).</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, AccessDeclaration declaration) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var operation in declaration.Operations)
        {
            _ = AccessTable.Rule(declaration.Resource, operation); // an operation the table lacks fails the start, not a request
        }

        return builder.RequireAuthorization().WithMetadata(declaration).AddEndpointFilter(new AccessFilter(declaration));
    }

    /// <summary>
    /// Fails the start if an endpoint neither declares its access nor is open to anyone (<c>AllowAnonymous</c>), so a
    /// new endpoint cannot ship open by accident.
    /// </summary>
    /// <exception cref="InvalidOperationException">Names the endpoints without a declaration.</exception>
    public static void EnsureEveryEndpointDeclaresAccess(this IEndpointRouteBuilder app)
    {
        var open = app.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<AccessDeclaration>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => $"{string.Join('|', e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])} {e.RoutePattern.RawText}")
            .ToList();
        if (open.Count > 0)
        {
            throw new InvalidOperationException($"Endpoints without an access declaration (RequireAccess or AllowAnonymous): {string.Join(", ", open)}.");
        }
    }
}
