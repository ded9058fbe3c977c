namespace Coordination.Grains.Cases;

/// <summary>Whether the enforced judgment came from litigation or elsewhere (arbitration, notarised debt): it sets the conclusion limit.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Cases.CaseKind")]
public enum CaseKind
{
    /// <summary>Judgment from litigation: 6 months to conclude.</summary>
    Litigation,

    /// <summary>Non-litigation title (arbitration award, notarised debt): 3 months to conclude.</summary>
    NonLitigation,
}

/// <summary>A postal address, with coordinates when known (WGS-84).</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Cases.Address")]
public sealed record Address([Id(0)] string Text, [Id(1)] double? Latitude = null, [Id(2)] double? Longitude = null);

/// <summary>An applicant or a debtor.</summary>
/// <param name="Name">Person or organisation name.</param>
/// <param name="IdNumber">Resident ID number (18 characters) or unified social credit code.</param>
/// <param name="Mobile">Mainland mobile number: 11 digits starting 1[3-9]. Required: parties are told by SMS.</param>
/// <param name="Address">Where the party lives or is registered.</param>
/// <param name="Lawyer">Their lawyer, if they have one: the lawyer signs in to the case like the party and acts for them.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Cases.Party")]
public sealed record Party([Id(0)] string Name, [Id(1)] string IdNumber, [Id(2)] string Mobile, [Id(3)] Address Address, [Id(4)] Lawyer? Lawyer = null);

/// <summary>A party's lawyer (代理律师).</summary>
/// <param name="Name">The lawyer's name.</param>
/// <param name="IdNumber">Their resident ID number.</param>
/// <param name="Mobile">Their mainland mobile number, for the sign-in code.</param>
/// <param name="Firm">Their law firm.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Cases.Lawyer")]
public sealed record Lawyer([Id(0)] string Name, [Id(1)] string IdNumber, [Id(2)] string Mobile, [Id(3)] string? Firm = null);

/// <summary>Who is who in a case's filing: applicants are <c>a0</c>, <c>a1</c> ..., debtors <c>d0</c> ..., a party's lawyer adds <c>.lawyer</c>.</summary>
public static class CaseRoles
{
    /// <summary>The suffix of a lawyer's place.</summary>
    public const string LawyerSuffix = ".lawyer";

    /// <summary>Everyone who may sign in to the case: each party and each party's lawyer, with their place.</summary>
    public static IEnumerable<(string Place, string Name, string IdNumber, string Mobile)> Members(CaseFiling filing)
    {
        foreach (var (prefix, parties) in new[] { ("a", filing.Applicants), ("d", filing.Debtors) })
        {
            for (var i = 0; i < parties.Count; i++)
            {
                var party = parties[i];
                var place = prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                yield return (place, party.Name, party.IdNumber, party.Mobile);
                if (party.Lawyer is { } lawyer)
                {
                    yield return (place + LawyerSuffix, lawyer.Name, lawyer.IdNumber, lawyer.Mobile);
                }
            }
        }
    }

    /// <summary>Whether the place is an applicant's or their lawyer's.</summary>
    public static bool ActsForApplicant(string place) => place.StartsWith('a');

    /// <summary>The party a place acts for: the place itself, or the party whose lawyer it is.</summary>
    public static string PartyOf(string place) => place.EndsWith(LawyerSuffix, StringComparison.Ordinal) ? place[..^LawyerSuffix.Length] : place;

    /// <summary>How a place is shown in the thread.</summary>
    public static string Describe(string place) => (place[0], place.EndsWith(LawyerSuffix, StringComparison.Ordinal)) switch
    {
        ('a', false) => "applicant",
        ('a', true) => "applicant's lawyer",
        ('d', false) => "debtor",
        _ => "debtor's lawyer",
    };
}

/// <summary>What a clerk enters to open an enforcement case.</summary>
/// <param name="CaseNumber">The case number, e.g. <c>SH01-2026-0001</c>.</param>
/// <param name="CourtId">The court opening the case.</param>
/// <param name="Kind">Litigation or non-litigation.</param>
/// <param name="Applicants">Creditors (at least one).</param>
/// <param name="Debtors">Debtors (at least one).</param>
/// <param name="AmountClaimed">Yuan, more than zero.</param>
/// <param name="BasisDocument">The enforcement title, e.g. the judgment's number.</param>
/// <param name="Documents">Files filed with the application (online filing), kept by the attachment store.</param>
/// <param name="ApplicationId">The online application the case was opened from, if any.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Cases.CaseFiling")]
public sealed record CaseFiling(
    [Id(0)] string CaseNumber, [Id(1)] string CourtId, [Id(2)] CaseKind Kind, [Id(3)] IReadOnlyList<Party> Applicants, [Id(4)] IReadOnlyList<Party> Debtors, [Id(5)] decimal AmountClaimed, [Id(6)] string BasisDocument,
    [Id(7)] IReadOnlyList<Attachment>? Documents = null, [Id(8)] string? ApplicationId = null);
