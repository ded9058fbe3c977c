using System.Text.Json.Nodes;
using Coordination.Gateway.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Coordination.Gateway.Access;

/// <summary>
/// Describes access in the OpenAPI document, for generated clients and scanners: the security schemes (staff, party
/// and filer bearer tokens; the peers' signature; the SMS gateway's token), each operation's security requirement,
/// its rows of the access table as <c>x-access</c> (<c>anonymous</c> for open endpoints) and, in its description,
/// which roles may call it.
/// </summary>
public static class AccessOpenApi
{
    /// <summary>A configured user's token (POST /auth/token or the node's <c>token</c> verb).</summary>
    public const string StaffScheme = "staff";

    /// <summary>A party's 30-minute token for one case (POST /party/tokens).</summary>
    public const string PartyScheme = "party";

    /// <summary>A filer's 30-minute token (POST /filings/tokens).</summary>
    public const string FilerScheme = "filer";

    /// <summary>The peer deployments' HMAC signature headers.</summary>
    public const string PeerScheme = "peer-signature";

    /// <summary>The SMS gateway's delivery-report token.</summary>
    public const string SmsReportScheme = "sms-report-token";

    /// <summary>Adds the document and operation transformers.</summary>
    public static OpenApiOptions AddAccessDescriptions(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[StaffScheme] = Bearer("A configured user's token (clerk, judge, chief, command-centre, grid-worker): POST /auth/token, or the node's token verb. 12 hours by default.");
            document.Components.SecuritySchemes[PartyScheme] = Bearer("A party's token for their one case: POST /party/codes, then /party/tokens. 30 minutes.");
            document.Components.SecuritySchemes[FilerScheme] = Bearer("An online filer's token for their own applications: POST /filings/codes, then /filings/tokens. 30 minutes.");
            document.Components.SecuritySchemes[PeerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = Entrustment.PeerSignature.SignatureHeader,
                Description = $"HMAC-SHA256 over method, path, timestamp, nonce and body digest, sent with {string.Join(", ", Entrustment.PeerSignature.Headers.SkipLast(1))} (see the README).",
            };
            document.Components.SecuritySchemes[SmsReportScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = Notifications.NoticesApi.ReportTokenHeader,
                Description = "The token configured as Notifications:DeliveryReportToken.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            if (metadata.OfType<AccessDeclaration>().FirstOrDefault() is not { } declaration)
            {
                operation.Extensions["x-access"] = new JsonNodeExtension(JsonValue.Create("anonymous"));
                if (metadata.OfType<SignedRequest>().FirstOrDefault() is { } signed)
                {
                    operation.Security = [Requirement(signed.Scheme, context.Document)];
                }

                return Task.CompletedTask;
            }

            var rules = declaration.Operations.Select(o => AccessTable.Rule(declaration.Resource, o)).ToList();
            var roles = Roles.Tokens.Where(role => rules.Any(r => r.ScopeOf(role) != AccessScope.None)).ToList();
            operation.Extensions["x-access"] = new JsonNodeExtension(JsonValue.Create(declaration.Names));
            operation.Security = [.. SchemesOf(roles).Select(scheme => Requirement(scheme, context.Document))];
            var who = string.Join("; ", rules.Select(r => $"{r.Name}: " + string.Join(", ", Roles.Tokens.Where(role => r.ScopeOf(role) != AccessScope.None)
                .Select(role => $"{role} ({r.ScopeOf(role).ToString().ToLowerInvariant()})"))));
            operation.Description = $"{operation.Description}{(string.IsNullOrEmpty(operation.Description) ? "" : "\n\n")}Access: {who}.";
            return Task.CompletedTask;
        });
        return options;
    }

    private static OpenApiSecurityScheme Bearer(string description) =>
        new() { Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT", Description = description };

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument? document) => new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    private static IEnumerable<string> SchemesOf(List<string> roles)
    {
        if (roles.Any(Roles.All.Contains))
        {
            yield return StaffScheme;
        }

        if (roles.Contains(Roles.Party))
        {
            yield return PartyScheme;
        }

        if (roles.Contains(Roles.Filer))
        {
            yield return FilerScheme;
        }
    }
}
