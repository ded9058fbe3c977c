using System.Threading.RateLimiting;
using Coordination.Gateway.Entrustment;
using Coordination.Gateway.Errors;
using Coordination.Grains.Texts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Coordination.Gateway;

/// <summary>
/// ASP.NET Core's rate limiter (429 with Retry-After, not the default 503) and request body limits: every caller gets a
/// fixed window per minute, peers a window per key. These windows are per node, in its memory. The limits that guard a
/// secret are cluster-wide instead: sign-in tries (<see cref="Auth.SignInLimits"/>, a grain per address and per user
/// name) and the parties' and filers' one-time codes (their grains' stored state).
/// </summary>
public static class RateLimits
{
    /// <summary>The peer inbox's policy.</summary>
    public const string PeerPolicy = "peer";

    /// <summary>Adds the limiter and the body size limit.</summary>
    public static IServiceCollection AddGatewayLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LimitOptions>().Bind(configuration.GetSection(LimitOptions.SectionName))
            .Validate(l => l.RequestsPerMinute >= 1 && l.PeerRequestsPerMinute >= 1 && l.SignInsPerMinute >= 1 && l.PartyRequestsPerMinute >= 1 && l.WrongPasswordsPerUser >= 1
                    && l.WrongPasswordWindow >= TimeSpan.FromMinutes(1) && l.MaxRequestBodyBytes >= 1024,
                "Limits:RequestsPerMinute, :PeerRequestsPerMinute, :SignInsPerMinute, :PartyRequestsPerMinute and :WrongPasswordsPerUser must be at least 1, " +
                "Limits:WrongPasswordWindow at least 00:01:00, Limits:MaxRequestBodyBytes at least 1024.")
            .ValidateOnStart();
        // Kestrel is built before the start validates options, so it reads the raw setting; a bad one still fails the start.
        // Its global limit is the largest with room to drain a refused body; RequestBodyLimits applies each path's own.
        var bodyLimit = configuration.GetSection(LimitOptions.SectionName).Get<LimitOptions>()?.MaxRequestBodyBytes ?? new LimitOptions().MaxRequestBodyBytes;
        var attachmentLimit = configuration.GetSection(Messages.AttachmentOptions.SectionName).Get<Messages.AttachmentOptions>()?.MaxBytes ?? new Messages.AttachmentOptions().MaxBytes;
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = Math.Max(Math.Max(bodyLimit, PeerInboxApi.MaxBodyBytes), attachmentLimit) + RequestBodyLimits.DrainBytes);
        services.AddSingleton<Auth.SignInLimits>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<LimitOptions>>((options, limits) =>
        {
            // Read per request, not here: a bad setting must fail the start (ValidateOnStart), not the pipeline's building.
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await WordedProblem.Result(StatusCodes.Status429TooManyRequests, ProblemText.Of("limit.title.tooMany"), ProblemText.Of("limit.slowDown"))
                    .ExecuteAsync(context.HttpContext);
            };
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetFixedWindowLimiter(CallerKey(http), _ => Window(limits.Value.RequestsPerMinute)));
            options.AddPolicy(Parties.PartyApi.Policy, http =>
                RateLimitPartition.GetFixedWindowLimiter($"party:{http.Connection.RemoteIpAddress}", _ => Window(limits.Value.PartyRequestsPerMinute)));
            options.AddPolicy(PeerPolicy, http =>
                RateLimitPartition.GetFixedWindowLimiter($"peer:{http.Request.Headers[PeerSignature.KeyHeader]}", _ => Window(limits.Value.PeerRequestsPerMinute)));
        });
        return services;
    }

    /// <summary>Applies the body limits (<see cref="RequestBodyLimits"/>) and the rate limiter.</summary>
    public static WebApplication UseGatewayLimits(this WebApplication app)
    {
        app.UseRequestBodyLimits();
        app.UseRateLimiter();
        return app;
    }

    private static string CallerKey(HttpContext http) =>
        http.User.FindFirst("sub")?.Value is { Length: > 0 } user ? $"user:{user}" : $"address:{http.Connection.RemoteIpAddress}";

    private static FixedWindowRateLimiterOptions Window(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true };
}
