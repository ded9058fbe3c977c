namespace Coordination.Grains.Cases;

/// <summary>
/// One step recorded on a case. Which fields a step needs is documented on <see cref="CaseStepKind"/>. A step with an
/// <see cref="IdempotencyKey"/> is recorded once: repeating it (a retry after a crash) changes nothing.
/// </summary>
public sealed record CaseStep(
    CaseStepKind Kind,
    string? Note = null,
    string? Result = null,
    string? JudgeId = null,
    string? Target = null,
    decimal? Amount = null,
    string? MeasureId = null,
    string? ClueId = null,
    DateOnly? ExpiresOn = null,
    int? Days = null,
    bool? Urgent = null,
    SeizureKind? Seizure = null,
    CreditMeasure? Credit = null,
    CoerciveMeasure? Coercive = null,
    FieldReport? Field = null,
    string? IdempotencyKey = null);
