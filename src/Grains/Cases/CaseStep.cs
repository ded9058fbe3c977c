namespace Coordination.Grains.Cases;

/// <summary>
/// One step recorded on a case. Which fields a step needs is documented on <see cref="CaseStepKind"/>. A step with an
/// <see cref="IdempotencyKey"/> is recorded once: repeating it (a retry after a crash) changes nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Cases.CaseStep")]
public sealed record CaseStep(
    [Id(0)] CaseStepKind Kind,
    [Id(1)] string? Note = null,
    [Id(2)] string? Result = null,
    [Id(3)] string? JudgeId = null,
    [Id(4)] string? Target = null,
    [Id(5)] decimal? Amount = null,
    [Id(6)] string? MeasureId = null,
    [Id(7)] string? ClueId = null,
    [Id(8)] DateOnly? ExpiresOn = null,
    [Id(9)] int? Days = null,
    [Id(10)] bool? Urgent = null,
    [Id(11)] SeizureKind? Seizure = null,
    [Id(12)] CreditMeasure? Credit = null,
    [Id(13)] CoerciveMeasure? Coercive = null,
    [Id(14)] FieldReport? Field = null,
    [Id(15)] string? IdempotencyKey = null,
    [Id(16)] bool? Agrees = null,
    [Id(17)] IReadOnlyList<Attachment>? Attachments = null);

/// <summary>A file attached to a message: its content is kept by the gateway's attachment store under its SHA-256.</summary>
/// <param name="Name">The file's name as sent.</param>
/// <param name="ContentType">Its type, checked against its first bytes.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">SHA-256 of the content, lower-case hex.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Cases.Attachment")]
public sealed record Attachment([Id(0)] string Name, [Id(1)] string ContentType, [Id(2)] long Size, [Id(3)] string Sha256);
