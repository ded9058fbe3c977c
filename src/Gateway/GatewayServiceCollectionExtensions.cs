using System.Text.Json.Serialization.Metadata;
using Coordination.Gateway.Access;
using Coordination.Gateway.Alerts;
using Coordination.Gateway.Assistance;
using Coordination.Gateway.Pages;
using Coordination.Gateway.Auth;
using Coordination.Gateway.Cases;
using Coordination.Gateway.CommandCentre;
using Coordination.Gateway.Courts;
using Coordination.Gateway.Dashboard;
using Coordination.Gateway.Devices;
using Coordination.Gateway.Entrustment;
using Coordination.Gateway.Errors;
using Coordination.Gateway.FieldTeams;
using Coordination.Gateway.Filing;
using Coordination.Gateway.Health;
using Coordination.Gateway.Judges;
using Coordination.Gateway.Messages;
using Coordination.Gateway.Notifications;
using Coordination.Gateway.Parties;
using Coordination.Gateway.Trips;
using Coordination.Grains.Entrustment;
using Coordination.Grains.Notifications;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Coordination.Gateway;

/// <summary>Adds the gateway's services and endpoints to a web application.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds JWT bearer authentication (users and key from the <c>Auth</c> section) and password sign-in, problem details
    /// for errors, the OpenAPI document, the gateway's JSON metadata, rate and body limits (<c>Limits</c>) and the
    /// signed HTTP transport to peer deployments.
    /// </summary>
    public static IServiceCollection AddGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<GatewayExceptionHandler>();
        services.ConfigureHttpJsonOptions(options =>
        {
            // A non-nullable field must be sent and must not be null (a missing latitude is an error, not 0); a nullable one may be left out.
            options.SerializerOptions.TypeInfoResolver = JsonTypeInfoResolver.Combine(GatewayJsonContext.Default, options.SerializerOptions.TypeInfoResolver)
                .WithAddedModifier(NullableMeansOptional);
            options.SerializerOptions.RespectRequiredConstructorParameters = true;
            options.SerializerOptions.RespectNullableAnnotations = true;
            options.SerializerOptions.AllowDuplicateProperties = false; // {"amount":1,"amount":1000000} means nothing one reader could not read otherwise
        });
        services.AddSingleton(sp => new NodeStartTime(sp.GetRequiredService<TimeProvider>().GetUtcNow()));

        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<PasswordStore>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TokenIssuer>((jwt, issuer) =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = issuer.ValidationParameters;
            jwt.Events = TokenEvents.Create();
        });
        services.AddSessionAntiforgery();
        services.AddAccess();
        // Binding failures (bad JSON, wrong types, missing fields) throw, so the exception handler answers them as problem details naming the field.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddOpenApi(options => options.AddAccessDescriptions());
        services.AddGatewayLimits(configuration);
        services.AddStreamShutdown();
        services.AddHttpClient(HttpPeerTransport.ClientName, client => client.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<IPeerTransport, HttpPeerTransport>();
        services.AddOptions<AttachmentOptions>().Bind(configuration.GetSection(AttachmentOptions.SectionName))
            .Validate(a => a.MaxBytes >= 1024, "Attachments:MaxBytes must be at least 1024.")
            .ValidateOnStart();
        services.AddSingleton<AttachmentStore>(); // its IFileStore comes from the node's runtime (its database)
        services.AddHostedService<AttachmentFolderImport>();
        if (configuration[$"{NotificationOptions.SectionName}:Channel"] == "http")
        {
            services.AddHttpClient(HttpSmsChannel.ClientName, client => client.Timeout = TimeSpan.FromSeconds(15));
            services.Replace(ServiceDescriptor.Singleton<ISmsChannel, HttpSmsChannel>());
        }
        return services;
    }

    /// <summary>Maps every gateway endpoint, and the OpenAPI document at <c>/openapi/v1.json</c>; fails if an endpoint declares no access.</summary>
    public static IEndpointRouteBuilder MapGateway(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapHealthApi().MapPagesApi().MapSignInApi().MapCommandCentreApi().MapCasesApi().MapJudgesApi().MapCourtsApi().MapAlertStreamsApi().MapFieldTeamsApi().MapDeviceCommandsApi().MapTripsApi()
            .MapEntrustmentApi().MapPeerInboxApi().MapAssistanceApi().MapNoticesApi().MapPartyApi()
            .MapMessagesApi().MapFilingApi().MapDashboardApi();
        app.EnsureEveryEndpointDeclaresAccess();
        return app;
    }

    private static void NullableMeansOptional(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.IsRequired && property.AssociatedParameter is { IsNullable: true })
            {
                property.IsRequired = false;
            }
        }
    }

    /// <summary>Turns exceptions into problem details instead of bare 500 pages; authenticates callers.</summary>
    public static WebApplication UseGateway(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<NodeStartTime>(); // resolved now, so it records start-up, not the first request
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UsePages();
        app.UseAuthentication();
        app.UseSessionAntiforgery();
        app.UseGatewayLimits();
        app.UseAuthorization();
        app.UseStreamShutdown();
        return app;
    }
}
