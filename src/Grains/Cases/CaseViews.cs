using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Cases;

/// <summary>An open deadline with its tier now.</summary>
public sealed record DeadlineView(Deadline Deadline, AlertTier? Tier);

/// <summary>A case as its judge, chief or clerk sees it.</summary>
public sealed record CaseView(
    string CaseNumber,
    string CourtId,
    CaseStatus Status,
    CaseFiling Filing,
    string? JudgeId,
    DateTimeOffset FiledAt,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? EndedAt,
    IReadOnlyList<DeadlineView> Deadlines,
    IReadOnlyDictionary<string, Measure> Measures,
    IReadOnlyDictionary<string, Clue> Clues,
    decimal FundsReceived,
    decimal FundsPaidOut,
    decimal FundsHeld,
    int ExtensionDaysGranted,
    long RecordLength,
    string RecordHead,
    OpinionRound? Opinion = null,
    int Messages = 0);

/// <summary>What the judge and court grains keep of a case; <see cref="Version"/> is its record length, so older updates are ignored; <see cref="Messages"/> counts its thread.</summary>
public sealed record CaseSummary(
    string CaseNumber,
    string CourtId,
    string? JudgeId,
    CaseKind Kind,
    CaseStatus Status,
    string Parties,
    DateTimeOffset FiledAt,
    DateTimeOffset? EndedAt,
    decimal FundsHeld,
    IReadOnlyList<Deadline> Deadlines,
    long Version,
    int Messages = 0);
