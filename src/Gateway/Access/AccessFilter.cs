using Coordination.Gateway.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Access;

/// <summary>
/// Runs before an endpoint's handler: finds the object the request names and asks ASP.NET Core's authorization
/// service, whose resource handlers consult the <see cref="AccessTable"/>. The handler runs only when access is granted.
/// </summary>
internal sealed class AccessFilter(AccessDeclaration declaration) : IEndpointFilter
{
    /// <summary>The object access was granted on, as its kind's handler saw it, for the endpoint's handler to use.</summary>
    public static T Granted<T>(HttpContext http) where T : class =>
        http.Items[typeof(AccessFilter)] as T ?? throw new InvalidOperationException($"No {typeof(T).Name} was granted for this request.");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var locator = http.RequestServices.GetRequiredService<ResourceLocators>().For(declaration.Resource);
        var key = declaration.Key is { } named ? named(context) : locator.RouteParameter is { } parameter ? http.GetRouteValue(parameter) as string : null;
        var resource = declaration.Locate is { } locate ? await locate(context) : await locator.LocateAsync(declaration.Resource, key, http);
        if (resource is null)
        {
            return AccessRefusals.NotFound(declaration.Resource, key);
        }

        var rule = AccessTable.Rule(declaration.Resource, declaration.ChooseOperation?.Invoke(context) ?? declaration.Operations[0]);
        var result = await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, resource, new AccessRequirement(rule));
        if (result.Succeeded)
        {
            http.Items[typeof(AccessFilter)] = resource;
            return await next(context);
        }

        return result.Failure?.FailureReasons.OfType<AccessFailure>().Any(f => f.Hidden) == true
            ? AccessRefusals.NotFound(declaration.Resource, key)
            : AccessRefusals.Forbidden(rule, Caller.From(http.User));
    }
}
