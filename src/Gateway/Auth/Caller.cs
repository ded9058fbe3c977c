using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Coordination.Gateway.Auth;

/// <summary>Who is calling, from their token, and what they may see.</summary>
public sealed record Caller(string UserId, string Role, string? CourtId)
{
    /// <summary>Reads the caller from an authenticated principal.</summary>
    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? "",
        user.FindFirstValue(TokenIssuer.RoleClaim) ?? "",
        user.FindFirstValue(TokenIssuer.CourtClaim));

    /// <summary>The command centre sees every court of the deployment; everyone else only their own.</summary>
    public bool CanSee(string courtId) => Role == Roles.CommandCentre || CourtId == courtId;

    /// <summary>Only people of the court act on its cases; the command centre watches.</summary>
    public bool CanActIn(string courtId) => Role != Roles.CommandCentre && CourtId == courtId;
}
