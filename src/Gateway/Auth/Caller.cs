using System.Security.Claims;
using Coordination.Grains.Cases;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Coordination.Gateway.Auth;

/// <summary>Who is calling, from their token.</summary>
/// <param name="UserId">The token's subject: a configured user's id, <c>party:&lt;case&gt;:&lt;place&gt;</c> or <c>filer:&lt;mobile&gt;</c>.</param>
/// <param name="Role">One of <see cref="Roles"/>.</param>
/// <param name="CourtId">The user's court; null for the command centre, parties and filers.</param>
/// <param name="PartyCase">The one case a party token reads; null for everyone else.</param>
public sealed record Caller(string UserId, string Role, string? CourtId, string? PartyCase = null)
{
    /// <summary>Reads the caller from an authenticated principal.</summary>
    public static Caller From(ClaimsPrincipal user)
    {
        var role = user.FindFirstValue(TokenIssuer.RoleClaim) ?? "";
        return new(
            user.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? "",
            role,
            user.FindFirstValue(TokenIssuer.CourtClaim),
            role == Roles.Party ? user.FindFirstValue(TokenIssuer.CaseClaim) : null);
    }

    /// <summary>A party's place in the filing (<c>a0</c>, <c>d1.lawyer</c>), from the subject <c>party:&lt;case&gt;:&lt;place&gt;</c>; null for anyone else.</summary>
    public string? PartyPlace => PartyCase is null ? null : UserId[(UserId.LastIndexOf(':') + 1)..];

    /// <summary>Whether a party token acts for an applicant (the applicant or their lawyer).</summary>
    public bool ActsForApplicant => PartyPlace is { } place && CaseRoles.ActsForApplicant(place);

    /// <summary>A filer's mobile, from the subject <c>filer:&lt;mobile&gt;</c>; null for anyone else.</summary>
    public string? FilerMobile => Role == Roles.Filer ? UserId[TokenIssuer.FilerPrefix.Length..] : null;

    /// <summary>The command centre sees every court of the deployment; everyone else only their own.</summary>
    public bool CanSee(string courtId) => Role == Roles.CommandCentre || CourtId == courtId;
}
