namespace Coordination.Grains.Cases;

/// <summary>Whether the enforced judgment came from litigation or elsewhere (arbitration, notarised debt): it sets the conclusion limit.</summary>
public enum CaseKind
{
    /// <summary>Judgment from litigation: 6 months to conclude.</summary>
    Litigation,

    /// <summary>Non-litigation title (arbitration award, notarised debt): 3 months to conclude.</summary>
    NonLitigation,
}

/// <summary>A postal address, with coordinates when known (WGS-84).</summary>
public sealed record Address(string Text, double? Latitude = null, double? Longitude = null);

/// <summary>An applicant or a debtor.</summary>
/// <param name="Name">Person or organisation name.</param>
/// <param name="IdNumber">Resident ID number (18 characters) or unified social credit code.</param>
/// <param name="Mobile">Mainland mobile number: 11 digits starting 1[3-9]. Required: parties are told by SMS.</param>
/// <param name="Address">Where the party lives or is registered.</param>
public sealed record Party(string Name, string IdNumber, string Mobile, Address Address);

/// <summary>What a clerk enters to open an enforcement case.</summary>
/// <param name="CaseNumber">The case number, e.g. <c>SH01-2026-0001</c>.</param>
/// <param name="CourtId">The court opening the case.</param>
/// <param name="Kind">Litigation or non-litigation.</param>
/// <param name="Applicants">Creditors (at least one).</param>
/// <param name="Debtors">Debtors (at least one).</param>
/// <param name="AmountClaimed">Yuan, more than zero.</param>
/// <param name="BasisDocument">The enforcement title, e.g. the judgment's number.</param>
public sealed record CaseFiling(
    string CaseNumber, string CourtId, CaseKind Kind, IReadOnlyList<Party> Applicants, IReadOnlyList<Party> Debtors, decimal AmountClaimed, string BasisDocument);
