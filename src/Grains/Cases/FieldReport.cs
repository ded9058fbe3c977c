using Coordination.Grains.Devices;
using Coordination.Grains.Validation;

namespace Coordination.Grains.Cases;

/// <summary>What a field team's devices reported for a case step: who, where, when, and the evidence file if any.</summary>
/// <param name="TeamId">The field team.</param>
/// <param name="OperationId">The operation it was on.</param>
/// <param name="DeviceId">The device whose report caused the step.</param>
/// <param name="Latitude">WGS 84 latitude of the position then.</param>
/// <param name="Longitude">WGS 84 longitude.</param>
/// <param name="At">The device's time of the report.</param>
/// <param name="Evidence">The body camera's file, for <see cref="CaseStepKind.EvidenceCaptured"/>.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Cases.FieldReport")]
public sealed record FieldReport([Id(0)] string TeamId, [Id(1)] string? OperationId, [Id(2)] string? DeviceId, [Id(3)] double Latitude, [Id(4)] double Longitude, [Id(5)] DateTimeOffset At, [Id(6)] EvidenceFile? Evidence = null)
{
    internal static void Validate(FieldReport? report, bool needsEvidence, FieldErrors errors)
    {
        if (report is null)
        {
            errors.Check(false, "field", "required");
            return;
        }

        errors.Text(report.TeamId, "field.teamId", 64)
            .Check(report.Latitude is >= -90 and <= 90, "field.latitude", "case.latitude")
            .Check(report.Longitude is >= -180 and <= 180, "field.longitude", "case.longitude")
            .Check(!needsEvidence || report.Evidence is not null, "field.evidence", "required");
        if (report.Evidence is { } evidence)
        {
            errors.Text(evidence.FileId, "field.evidence.fileId", 128)
                .Check(EvidenceFile.IsSha256(evidence.Sha256), "field.evidence.sha256", "sha256")
                .Check(evidence.SizeBytes > 0, "field.evidence.sizeBytes", "case.positive")
                .Check(evidence.StartedAt <= evidence.EndedAt, "field.evidence.endedAt", "case.endedBeforeStarted");
        }
    }
}
