using Coordination.Gateway.Errors;
using Coordination.Grains.Limits;
using Coordination.Grains.Texts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans;

namespace Coordination.Gateway.Auth;

/// <summary>
/// The sign-in limits, cluster-wide: each key's window is one grain (<see cref="IAttemptLimitGrain"/>), so tries spread
/// over the nodes count into one window. Every try counts for its address (<see cref="LimitOptions.SignInsPerMinute"/>);
/// wrong passwords count for the user name from any address (<see cref="LimitOptions.WrongPasswordsPerUser"/> per
/// <see cref="LimitOptions.WrongPasswordWindow"/>), and a name that reached it is refused, even with the right password,
/// until its window ends. Only sign-ins pay these calls.
/// </summary>
internal sealed class SignInLimits(IGrainFactory grains, IOptions<LimitOptions> options)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>Counts a try of <paramref name="userId"/> from <paramref name="http"/>'s address; a 429 problem with Retry-After if either limit is reached.</summary>
    public async Task<ProblemHttpResult?> TryAsync(HttpContext http, string userId)
    {
        var limits = options.Value;
        var address = http.Connection.RemoteIpAddress?.ToString();
        var wait = await grains.GetGrain<IAttemptLimitGrain>(AttemptLimitGrain.AddressKey(address)).Try(limits.SignInsPerMinute, Minute)
            ?? await grains.GetGrain<IAttemptLimitGrain>(AttemptLimitGrain.UserKey(userId)).Check(limits.WrongPasswordsPerUser, limits.WrongPasswordWindow);
        if (wait is not { } retryAfter)
        {
            return null;
        }

        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return WordedProblem.Result(StatusCodes.Status429TooManyRequests, ProblemText.Of("limit.title.tooMany"), ProblemText.Of("auth.tooManyTries"));
    }

    /// <summary>Counts a wrong password (or an unknown name: the answer must not tell them apart) for <paramref name="userId"/>.</summary>
    public Task FailedAsync(string userId)
    {
        var limits = options.Value;
        return grains.GetGrain<IAttemptLimitGrain>(AttemptLimitGrain.UserKey(userId)).Try(limits.WrongPasswordsPerUser, limits.WrongPasswordWindow);
    }
}
