using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Cases;

/// <summary>An open deadline with its tier now.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Cases.DeadlineView")]
public sealed record DeadlineView([Id(0)] Deadline Deadline, [Id(1)] AlertTier? Tier);

/// <summary>A case as its judge, chief or clerk sees it.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Cases.CaseView")]
public sealed record CaseView(
    [Id(0)] string CaseNumber,
    [Id(1)] string CourtId,
    [Id(2)] CaseStatus Status,
    [Id(3)] CaseFiling Filing,
    [Id(4)] string? JudgeId,
    [Id(5)] DateTimeOffset FiledAt,
    [Id(6)] DateTimeOffset? AssignedAt,
    [Id(7)] DateTimeOffset? EndedAt,
    [Id(8)] IReadOnlyList<DeadlineView> Deadlines,
    [Id(9)] IReadOnlyDictionary<string, Measure> Measures,
    [Id(10)] IReadOnlyDictionary<string, Clue> Clues,
    [Id(11)] decimal FundsReceived,
    [Id(12)] decimal FundsPaidOut,
    [Id(13)] decimal FundsHeld,
    [Id(14)] int ExtensionDaysGranted,
    [Id(15)] long RecordLength,
    [Id(16)] string RecordHead,
    [Id(17)] OpinionRound? Opinion = null,
    [Id(18)] int Messages = 0);

/// <summary>What the judge and court grains keep of a case; <see cref="Version"/> is its record length, so older updates are ignored; <see cref="Messages"/> counts its thread; <see cref="ExtensionRequestedDays"/> is an extension waiting for the chief.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Cases.CaseSummary")]
public sealed record CaseSummary(
    [Id(0)] string CaseNumber,
    [Id(1)] string CourtId,
    [Id(2)] string? JudgeId,
    [Id(3)] CaseKind Kind,
    [Id(4)] CaseStatus Status,
    [Id(5)] string Parties,
    [Id(6)] DateTimeOffset FiledAt,
    [Id(7)] DateTimeOffset? EndedAt,
    [Id(8)] decimal FundsHeld,
    [Id(9)] IReadOnlyList<Deadline> Deadlines,
    [Id(10)] long Version,
    [Id(11)] int Messages = 0,
    [Id(12)] int? ExtensionRequestedDays = null);
