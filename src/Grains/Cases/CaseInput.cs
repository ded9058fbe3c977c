using Coordination.Grains.Validation;

namespace Coordination.Grains.Cases;

/// <summary>Field checks on filings and steps; each failure names its field (camelCase, as in the JSON).</summary>
public static class CaseInput
{
    /// <summary>Longest message text.</summary>
    public const int MaxMessageLength = 2000;

    /// <summary>Most documents filed with an application.</summary>
    public const int MaxDocuments = 20;

    /// <summary>Most files on one message.</summary>
    public const int MaxAttachments = 10;

    /// <summary>Throws <see cref="InputValidationException"/> listing everything wrong with <paramref name="filing"/>.</summary>
    public static void Validate(CaseFiling filing)
    {
        var errors = new FieldErrors()
            .Text(filing.CaseNumber, "caseNumber", 64)
            .Check(filing.CaseNumber is null || !filing.CaseNumber.Any(c => char.IsControl(c) || c is '/' or '\\' or '?' or '#'), "caseNumber", "case.caseNumberCharacters")
            .Text(filing.CourtId, "courtId", 32)
            // The number names its court, so no court can take (or, by the answer, learn of) another court's numbers.
            .Check(filing.CaseNumber is null || filing.CourtId is null || filing.CaseNumber.StartsWith(filing.CourtId + "-", StringComparison.Ordinal), "caseNumber", "case.caseNumberPrefix")
            .Check(Enum.IsDefined(filing.Kind), "kind", "case.caseKind")
            .Check(filing.AmountClaimed > 0, "amountClaimed", "case.positive")
            .Text(filing.BasisDocument, "basisDocument", 200)
            .Check(filing.Applicants is { Count: > 0 }, "applicants", "case.applicantRequired")
            .Check(filing.Debtors is { Count: > 0 }, "debtors", "case.debtorRequired");
        Parties(errors, filing.Applicants, "applicants");
        Parties(errors, filing.Debtors, "debtors");
        errors.Check(filing.Documents is null || filing.Documents.Count <= MaxDocuments, "documents", "case.tooManyFiles", ("max", MaxDocuments));
        Files(errors, filing.Documents, "documents");
        errors.ThrowIfAny();
    }

    private static void Files(FieldErrors errors, IReadOnlyList<Attachment>? files, string field)
    {
        for (var i = 0; i < (files?.Count ?? 0); i++)
        {
            var file = files![i];
            errors.FileReference(file?.Name, file?.Sha256, file?.Size, $"{field}[{i}]", long.MaxValue).Text(file?.ContentType, $"{field}[{i}].contentType", 100);
        }
    }

    private static void Parties(FieldErrors errors, IReadOnlyList<Party>? parties, string field)
    {
        for (var i = 0; i < (parties?.Count ?? 0); i++)
        {
            var party = parties![i];
            var path = $"{field}[{i}]";
            if (party is null)
            {
                errors.Check(false, path, "required");
                continue;
            }

            errors.Text(party.Name, $"{path}.name", 100)
                .Check(PartyRules.IsIdNumber(party.IdNumber), $"{path}.idNumber", "case.idNumberOrCreditCode")
                .Check(PartyRules.IsMobile(party.Mobile), $"{path}.mobile", "case.partyMobile")
                .Check(party.Address is not null, $"{path}.address", "required");
            if (party.Lawyer is { } lawyer)
            {
                errors.Text(lawyer.Name, $"{path}.lawyer.name", 100)
                    .Check(PartyRules.IsIdNumber(lawyer.IdNumber), $"{path}.lawyer.idNumber", "case.idNumber")
                    .Check(PartyRules.IsMobile(lawyer.Mobile), $"{path}.lawyer.mobile", "case.mobile")
                    .OptionalText(lawyer.Firm, $"{path}.lawyer.firm", 200);
            }

            if (party.Address is { } address)
            {
                errors.Text(address.Text, $"{path}.address.text", 300)
                    .Check(address.Latitude is null == address.Longitude is null, $"{path}.address", "case.bothCoordinates")
                    .Check(address.Latitude is null or (>= -90 and <= 90), $"{path}.address.latitude", "case.latitude")
                    .Check(address.Longitude is null or (>= -180 and <= 180), $"{path}.address.longitude", "case.longitude");
            }
        }
    }

    /// <summary>Throws <see cref="InputValidationException"/> if <paramref name="step"/> lacks what its kind needs.</summary>
    public static void Validate(CaseStep step)
    {
        var errors = new FieldErrors()
            .Check(Enum.IsDefined(step.Kind) && step.Kind != CaseStepKind.Filed, "kind", "case.stepKind")
            .OptionalText(step.Note, "note")
            .OptionalText(step.Result, "result")
            .OptionalText(step.Target, "target", 300)
            .Check(step.Amount is null or > 0, "amount", "case.positive")
            .Check(step.Days is null or (> 0 and <= 366), "days", "case.days");
        switch (step.Kind)
        {
            case CaseStepKind.JudgeAssigned:
                errors.Text(step.JudgeId, "judgeId", 64);
                break;
            case CaseStepKind.ClueReceived:
                errors.Text(step.Note, "note", 2000);
                break;
            case CaseStepKind.ClueVerified:
                errors.Text(step.ClueId, "clueId", 16).Text(step.Result, "result", 2000);
                break;
            case CaseStepKind.InvestigationFinished or CaseStepKind.NetworkInquiryResult or CaseStepKind.Valued or CaseStepKind.Auctioned:
                errors.Text(step.Result, "result", 2000);
                break;
            case CaseStepKind.Frozen or CaseStepKind.Deducted or CaseStepKind.FundsPaidOut:
                errors.Text(step.Target, "target", 300).Check(step.Amount is not null, "amount", "required");
                break;
            case CaseStepKind.Seized:
                errors.Text(step.Target, "target", 300).Check(step.Seizure is not null && Enum.IsDefined(step.Seizure.Value), "seizure", "case.seizureKind");
                break;
            case CaseStepKind.FundsReceived:
                errors.Check(step.Amount is not null, "amount", "required");
                break;
            case CaseStepKind.Renewed or CaseStepKind.Released or CaseStepKind.CreditMeasureLifted:
                errors.Text(step.MeasureId, "measureId", 16);
                break;
            case CaseStepKind.CreditMeasureImposed:
                errors.Check(step.Credit is not null && Enum.IsDefined(step.Credit.Value), "credit", "case.creditKind");
                break;
            case CaseStepKind.CoerciveMeasureTaken:
                errors.Check(step.Coercive is not null && Enum.IsDefined(step.Coercive.Value), "coercive", "case.coerciveKind");
                break;
            case CaseStepKind.ExtensionRequested or CaseStepKind.ExtensionGranted:
                errors.Check(step.Days is not null, "days", "required");
                break;
            case CaseStepKind.EntrustmentRequested or CaseStepKind.EntrustmentProgress or CaseStepKind.AssistanceRequested:
                errors.Text(step.Target, "target", 100).Text(step.Note, "note", 2000);
                break;
            case CaseStepKind.EntrustmentDelivered or CaseStepKind.EntrustmentAccepted:
                errors.Text(step.Target, "target", 100);
                break;
            case CaseStepKind.EntrustmentRefused or CaseStepKind.EntrustmentCompleted or CaseStepKind.AssistanceAnswered:
                errors.Text(step.Target, "target", 100).Text(step.Result, "result", 2000);
                break;
            case CaseStepKind.SiteArrived or CaseStepKind.SiteDeparted or CaseStepKind.EvidenceCaptured:
                FieldReport.Validate(step.Field, step.Kind == CaseStepKind.EvidenceCaptured, errors);
                break;
            case CaseStepKind.MessagePosted:
                errors.Check(!string.IsNullOrWhiteSpace(step.Note) || step.Attachments is { Count: > 0 }, "note", "case.emptyMessage")
                    .OptionalText(step.Note, "note", MaxMessageLength);
                break;
            case CaseStepKind.OpinionRequested:
                errors.Text(step.Note, "note", 2000);
                break;
            case CaseStepKind.OpinionGiven:
                errors.Text(step.Target, "target", 16).Check(step.Agrees is not null, "agrees", "case.agreesRequired").OptionalText(step.Result, "result", 2000);
                break;
        }

        errors.Check(step.Attachments is null || step.Kind is CaseStepKind.MessagePosted or CaseStepKind.ClueReceived, "attachments", "case.attachmentsNotCarried")
            .Check(step.Attachments is null || step.Kind != CaseStepKind.ClueReceived || step.Attachments.Count <= 1, "attachments", "case.clueOneFile")
            .Check(step.Attachments is null || step.Attachments.Count <= MaxAttachments, "attachments", "case.tooManyFiles", ("max", MaxAttachments));
        Files(errors, step.Attachments, "attachments");

        errors.OptionalText(step.IdempotencyKey, "idempotencyKey", 200);

        errors.ThrowIfAny();
    }
}
