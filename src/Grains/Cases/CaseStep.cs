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
    string? IdempotencyKey = null,
    bool? Agrees = null,
    IReadOnlyList<Attachment>? Attachments = null);

/// <summary>A file attached to a message: its content is kept by the gateway's attachment store under its SHA-256.</summary>
/// <param name="Name">The file's name as sent.</param>
/// <param name="ContentType">Its type, checked against its first bytes.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">SHA-256 of the content, lower-case hex.</param>
public sealed record Attachment(string Name, string ContentType, long Size, string Sha256);
