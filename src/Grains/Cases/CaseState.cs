using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Cases;

/// <summary>Where a case stands.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Cases.CaseStatus")]
public enum CaseStatus
{
    /// <summary>Nothing filed under this number.</summary>
    None,

    /// <summary>Filed, no judge yet.</summary>
    Filed,

    /// <summary>A judge is working on it.</summary>
    InProgress,

    /// <summary>This round of enforcement was terminated (终本).</summary>
    Terminated,

    /// <summary>Closed (结案).</summary>
    Closed,
}

/// <summary>A freeze, seizure, deduction or credit measure on a case.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Cases.Measure")]
public sealed record Measure
{
    /// <summary>The step that imposed it.</summary>
    [Id(0)]
    public CaseStepKind Kind { get; init; }

    /// <summary>Account, property or list it concerns.</summary>
    [Id(1)]
    public string? Target { get; init; }

    /// <summary>Yuan, where it has an amount.</summary>
    [Id(2)]
    public decimal? Amount { get; init; }

    /// <summary>What was seized.</summary>
    [Id(3)]
    public SeizureKind? Seizure { get; init; }

    /// <summary>Which credit measure.</summary>
    [Id(4)]
    public CreditMeasure? Credit { get; init; }

    /// <summary>When it was imposed.</summary>
    [Id(5)]
    public DateTimeOffset ImposedAt { get; init; }

    /// <summary>When it lapses (freezes and seizures).</summary>
    [Id(6)]
    public DateOnly? ExpiresOn { get; init; }

    /// <summary>How often it was renewed.</summary>
    [Id(7)]
    public int Renewals { get; init; }

    /// <summary>When it was released or lifted.</summary>
    [Id(8)]
    public DateTimeOffset? EndedAt { get; init; }
}

/// <summary>A property clue from the applicant.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Cases.Clue")]
public sealed record Clue
{
    /// <summary>What the applicant reported.</summary>
    [Id(0)]
    public string Description { get; init; } = "";

    /// <summary>When it arrived.</summary>
    [Id(1)]
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>When it was verified.</summary>
    [Id(2)]
    public DateTimeOffset? VerifiedAt { get; init; }

    /// <summary>What verification found.</summary>
    [Id(3)]
    public string? Result { get; init; }

    /// <summary>The file the applicant sent with it (a photo, a document), if any.</summary>
    [Id(4)]
    public Attachment? Attachment { get; init; }
}

/// <summary>Money that arrived in the case account and how much of it is still to be paid out.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Cases.FundArrival")]
public sealed record FundArrival
{
    /// <summary>Yuan received.</summary>
    [Id(0)]
    public decimal Amount { get; init; }

    /// <summary>Yuan of it not yet paid out.</summary>
    [Id(1)]
    public decimal Outstanding { get; init; }

    /// <summary>When it arrived.</summary>
    [Id(2)]
    public DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>One applicant's opinion before closing.</summary>
/// <param name="Agrees">Whether they agree with the proposed closing.</param>
/// <param name="Text">What they said, if anything.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="By">Who recorded it: the applicant (or their lawyer) through their token, or staff who heard it.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Cases.OpinionAnswer")]
public sealed record OpinionAnswer([Id(0)] bool Agrees, [Id(1)] string? Text, [Id(2)] DateTimeOffset At, [Id(3)] string By);

/// <summary>The applicants asked for their opinion before closing (征询意见), and what came of it.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Cases.OpinionRound")]
public sealed record OpinionRound
{
    /// <summary>What closing the judge proposes.</summary>
    [Id(0)]
    public string? Proposal { get; init; }

    /// <summary>When they were asked.</summary>
    [Id(1)]
    public DateTimeOffset RequestedAt { get; init; }

    /// <summary>The last day to answer.</summary>
    [Id(2)]
    public DateOnly DueDate { get; init; }

    /// <summary>Answers by applicant (<c>a0</c>, <c>a1</c> ...).</summary>
    [Id(3)]
    public IReadOnlyDictionary<string, OpinionAnswer> Answers { get; init; } = new Dictionary<string, OpinionAnswer>();

    /// <summary>When every applicant had answered or the window ended; closing is allowed from then.</summary>
    [Id(4)]
    public DateTimeOffset? SettledAt { get; init; }

    /// <summary>Whether the window ended before every applicant answered.</summary>
    [Id(5)]
    public bool Lapsed { get; init; }
}

/// <summary>A case as its record leaves it. Changed only by applying record entries.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Cases.CaseState")]
public sealed class CaseState
{
    /// <summary>Where the case stands.</summary>
    [Id(0)]
    public CaseStatus Status { get; set; }

    /// <summary>The filing.</summary>
    [Id(1)]
    public CaseFiling? Filing { get; set; }

    /// <summary>The judge in charge.</summary>
    [Id(2)]
    public string? JudgeId { get; set; }

    /// <summary>When it was filed.</summary>
    [Id(3)]
    public DateTimeOffset FiledAt { get; set; }

    /// <summary>When a judge first received it.</summary>
    [Id(4)]
    public DateTimeOffset? AssignedAt { get; set; }

    /// <summary>When it was terminated or closed.</summary>
    [Id(5)]
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>When the notice was sent.</summary>
    [Id(6)]
    public DateTimeOffset? NoticeSentAt { get; set; }

    /// <summary>When the applicant was asked for property information.</summary>
    [Id(7)]
    public DateTimeOffset? PropertyReportRequestedAt { get; set; }

    /// <summary>Investigation requested, started and finished.</summary>
    [Id(8)]
    public DateTimeOffset? InvestigationRequestedAt { get; set; }

    /// <summary>When the investigation started.</summary>
    [Id(9)]
    public DateTimeOffset? InvestigationStartedAt { get; set; }

    /// <summary>When the investigation finished.</summary>
    [Id(10)]
    public DateTimeOffset? InvestigationFinishedAt { get; set; }

    /// <summary>Network inquiries sent and not yet answered.</summary>
    [Id(11)]
    public int NetworkInquiriesPending { get; set; }

    /// <summary>Whether the property has been valued.</summary>
    [Id(12)]
    public bool Valued { get; set; }

    /// <summary>Days of extension requested and not yet granted.</summary>
    [Id(13)]
    public int? ExtensionRequestedDays { get; set; }

    /// <summary>Days of extension granted so far.</summary>
    [Id(14)]
    public int ExtensionDaysGranted { get; set; }

    /// <summary>Measures by id (m1, m2, ...).</summary>
    [Id(15)]
    public Dictionary<string, Measure> Measures { get; set; } = [];

    /// <summary>Clues by id (c1, c2, ...).</summary>
    [Id(16)]
    public Dictionary<string, Clue> Clues { get; set; } = [];

    /// <summary>Money received, by arrival id (f1, f2, ...).</summary>
    [Id(17)]
    public Dictionary<string, FundArrival> Funds { get; set; } = [];

    /// <summary>Yuan received in all.</summary>
    [Id(18)]
    public decimal FundsReceived { get; set; }

    /// <summary>Yuan paid out in all.</summary>
    [Id(19)]
    public decimal FundsPaidOut { get; set; }

    /// <summary>The latest request for the applicants' opinion before closing.</summary>
    [Id(20)]
    public OpinionRound? Opinion { get; set; }

    /// <summary>How many times the applicants were asked.</summary>
    [Id(21)]
    public int OpinionRounds { get; set; }

    /// <summary>Messages in the case's thread.</summary>
    [Id(22)]
    public int Messages { get; set; }

    /// <summary>Open deadlines by id.</summary>
    [Id(23)]
    public Dictionary<string, Deadline> Deadlines { get; set; } = [];

    /// <summary>The hash of the last record entry.</summary>
    [Id(24)]
    public string LastHash { get; set; } = CaseRecordHash.Genesis;

    /// <summary>Idempotency keys of the steps recorded with one.</summary>
    [Id(25)]
    public HashSet<string> RecordedKeys { get; set; } = [];

    /// <summary>Yuan held in the case account.</summary>
    public decimal FundsHeld => FundsReceived - FundsPaidOut;

    /// <summary>Applies one record entry; the state is the fold of the record.</summary>
    public void Apply(CaseRecordEntry entry)
    {
        var step = entry.Step;
        var at = entry.At;
        if (step?.IdempotencyKey is { } key)
        {
            RecordedKeys.Add(key);
        }

        switch (entry.Kind)
        {
            case CaseStepKind.Filed:
                Filing = entry.Filing;
                FiledAt = at;
                Status = CaseStatus.Filed;
                break;
            case CaseStepKind.JudgeAssigned:
                JudgeId = step!.JudgeId;
                AssignedAt ??= at;
                Status = CaseStatus.InProgress;
                break;
            case CaseStepKind.NoticeSent:
                NoticeSentAt = at;
                break;
            case CaseStepKind.PropertyReportRequested:
                PropertyReportRequestedAt = at;
                break;
            case CaseStepKind.ClueReceived:
                Clues[entry.SubjectId!] = new Clue { Description = step!.Note!, ReceivedAt = at, Attachment = step.Attachments is [var file, ..] ? file : null };
                break;
            case CaseStepKind.ClueVerified:
                Clues[step!.ClueId!] = Clues[step.ClueId!] with { VerifiedAt = at, Result = step.Result };
                break;
            case CaseStepKind.InvestigationRequested:
                InvestigationRequestedAt = at;
                break;
            case CaseStepKind.InvestigationStarted:
                InvestigationStartedAt = at;
                break;
            case CaseStepKind.InvestigationFinished:
                InvestigationFinishedAt = at;
                break;
            case CaseStepKind.NetworkInquirySent:
                NetworkInquiriesPending++;
                break;
            case CaseStepKind.NetworkInquiryResult:
                NetworkInquiriesPending--;
                break;
            case CaseStepKind.Frozen or CaseStepKind.Seized or CaseStepKind.Deducted or CaseStepKind.CreditMeasureImposed:
                Measures[entry.SubjectId!] = new Measure
                {
                    Kind = entry.Kind, Target = step!.Target, Amount = step.Amount, Seizure = step.Seizure, Credit = step.Credit, ImposedAt = at, ExpiresOn = entry.ExpiresOn,
                };
                break;
            case CaseStepKind.Renewed:
                var renewed = Measures[step!.MeasureId!];
                Measures[step.MeasureId!] = renewed with { ExpiresOn = entry.ExpiresOn, Renewals = renewed.Renewals + 1 };
                break;
            case CaseStepKind.Released or CaseStepKind.CreditMeasureLifted:
                Measures[step!.MeasureId!] = Measures[step.MeasureId!] with { EndedAt = at };
                break;
            case CaseStepKind.Valued:
                Valued = true;
                break;
            case CaseStepKind.FundsReceived:
                Funds[entry.SubjectId!] = new FundArrival { Amount = step!.Amount!.Value, Outstanding = step.Amount.Value, ReceivedAt = at };
                FundsReceived += step.Amount.Value;
                break;
            case CaseStepKind.FundsPaidOut:
                var left = step!.Amount!.Value;
                FundsPaidOut += left;
                foreach (var (id, arrival) in Funds.Where(f => f.Value.Outstanding > 0).OrderBy(f => f.Value.ReceivedAt).ToList())
                {
                    var paid = Math.Min(left, arrival.Outstanding);
                    Funds[id] = arrival with { Outstanding = arrival.Outstanding - paid };
                    left -= paid;
                }

                break;
            case CaseStepKind.ExtensionRequested:
                ExtensionRequestedDays = step!.Days;
                break;
            case CaseStepKind.ExtensionGranted:
                ExtensionDaysGranted += step!.Days!.Value;
                ExtensionRequestedDays = null;
                break;
            case CaseStepKind.MessagePosted:
                Messages++;
                break;
            case CaseStepKind.OpinionRequested:
                Opinion = new OpinionRound { Proposal = step!.Note, RequestedAt = at, DueDate = entry.Opened[0].DueDate };
                OpinionRounds++;
                break;
            case CaseStepKind.OpinionGiven:
                var answers = new Dictionary<string, OpinionAnswer>(Opinion!.Answers) { [step!.Target!] = new(step.Agrees!.Value, step.Result, at, entry.Actor) };
                Opinion = Opinion with { Answers = answers, SettledAt = answers.Count == Filing!.Applicants.Count ? at : null };
                break;
            case CaseStepKind.OpinionLapsed:
                Opinion = Opinion! with { SettledAt = at, Lapsed = true };
                break;
            case CaseStepKind.Terminated or CaseStepKind.Closed:
                Status = entry.Kind == CaseStepKind.Closed ? CaseStatus.Closed : CaseStatus.Terminated;
                EndedAt = at;
                break;
        }

        foreach (var id in entry.Closed)
        {
            Deadlines.Remove(id);
        }

        foreach (var deadline in entry.Opened)
        {
            Deadlines[deadline.Id] = deadline;
        }

        LastHash = entry.Hash;
    }

    /// <summary>What the judge and court views keep of the case after <paramref name="version"/> entries.</summary>
    public CaseSummary ToSummary(string caseNumber, long version)
    {
        var filing = Filing!;
        var parties = $"{string.Join("、", filing.Applicants.Select(p => p.Name))} v {string.Join("、", filing.Debtors.Select(p => p.Name))}";
        return new CaseSummary(caseNumber, filing.CourtId, JudgeId, filing.Kind, Status, parties, FiledAt, EndedAt,
            FundsHeld, [.. Deadlines.Values.OrderBy(d => d.DueDate)], version, Messages, ExtensionRequestedDays);
    }
}
