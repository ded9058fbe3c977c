using System.Globalization;
using System.Security.Claims;
using Coordination.Gateway.Auth;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Coordination.Gateway.Streams;

/// <summary>
/// A token is checked when a stream opens, but a stream stays open for hours: this ends it when the caller's access
/// ends, at the token's expiry or as soon as the caller's user is removed or changed in the settings. The client then
/// reconnects and is refused (401) like any other request.
/// </summary>
internal sealed class StreamAccess(UserDirectory users, TimeProvider time)
{
    /// <summary>Watches <paramref name="user"/>'s access for as long as the returned lease is held.</summary>
    public Lease Watch(ClaimsPrincipal user) => new(users, time, Caller.From(user), user.FindFirstValue(JwtRegisteredClaimNames.Exp));

    /// <summary>Cancelled when the caller's access ends; dispose to stop watching.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly UserDirectory _users;
        private readonly Caller _caller;
        private readonly CancellationTokenSource _ended = new();
        private readonly ITimer? _expiry;

        internal Lease(UserDirectory users, TimeProvider time, Caller caller, string? expires)
        {
            _users = users;
            _caller = caller;
            if (long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                var left = DateTimeOffset.FromUnixTimeSeconds(seconds) - time.GetUtcNow();
                _expiry = time.CreateTimer(_ => End(), null, left > TimeSpan.Zero ? left : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }

            users.Changed += Recheck;
        }

        /// <summary>Cancelled when the access ended.</summary>
        public CancellationToken Token => _ended.Token;

        public void Dispose()
        {
            _users.Changed -= Recheck;
            _expiry?.Dispose();
            _ended.Dispose();
        }

        private void Recheck()
        {
            if (!_users.Honours(_caller))
            {
                End();
            }
        }

        private void End()
        {
            try
            {
                _ended.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The stream ended first.
            }
        }
    }
}
