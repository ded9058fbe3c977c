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
            .Check(filing.CaseNumber is null || !filing.CaseNumber.Any(c => char.IsControl(c) || c is '/' or '\\' or '?' or '#'), "caseNumber", "must not contain control characters, '/', '\\', '?' or '#'.")
            .Text(filing.CourtId, "courtId", 32)
            // The number names its court, so no court can take (or, by the answer, learn of) another court's numbers.
            .Check(filing.CaseNumber is null || filing.CourtId is null || filing.CaseNumber.StartsWith(filing.CourtId + "-", StringComparison.Ordinal), "caseNumber", "must begin with the court's id and '-', e.g. SH01-2026-0001.")
            .Check(Enum.IsDefined(filing.Kind), "kind", "must be Litigation or NonLitigation.")
            .Check(filing.AmountClaimed > 0, "amountClaimed", "must be more than 0.")
            .Text(filing.BasisDocument, "basisDocument", 200)
            .Check(filing.Applicants is { Count: > 0 }, "applicants", "at least one applicant is required.")
            .Check(filing.Debtors is { Count: > 0 }, "debtors", "at least one debtor is required.");
        Parties(errors, filing.Applicants, "applicants");
        Parties(errors, filing.Debtors, "debtors");
        errors.Check(filing.Documents is null || filing.Documents.Count <= MaxDocuments, "documents", $"at most {MaxDocuments} files.");
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
                errors.Check(false, path, "is required.");
                continue;
            }

            errors.Text(party.Name, path + ".name", 100)
                .Check(PartyRules.IsIdNumber(party.IdNumber), path + ".idNumber", "must be an 18-character resident ID number with a valid check character, or a unified social credit code.")
                .Check(PartyRules.IsMobile(party.Mobile), path + ".mobile", "must be a mainland mobile number: 11 digits starting 13-19 (parties are told by SMS).")
                .Check(party.Address is not null, path + ".address", "is required.");
            if (party.Lawyer is { } lawyer)
            {
                errors.Text(lawyer.Name, path + ".lawyer.name", 100)
                    .Check(PartyRules.IsIdNumber(lawyer.IdNumber), path + ".lawyer.idNumber", "must be an 18-character resident ID number with a valid check character.")
                    .Check(PartyRules.IsMobile(lawyer.Mobile), path + ".lawyer.mobile", "must be a mainland mobile number: 11 digits starting 13-19.")
                    .OptionalText(lawyer.Firm, path + ".lawyer.firm", 200);
            }

            if (party.Address is { } address)
            {
                errors.Text(address.Text, path + ".address.text", 300)
                    .Check(address.Latitude is null == address.Longitude is null, path + ".address", "give both latitude and longitude, or neither.")
                    .Check(address.Latitude is null or (>= -90 and <= 90), path + ".address.latitude", "must be between -90 and 90.")
                    .Check(address.Longitude is null or (>= -180 and <= 180), path + ".address.longitude", "must be between -180 and 180.");
            }
        }
    }

    /// <summary>Throws <see cref="InputValidationException"/> if <paramref name="step"/> lacks what its kind needs.</summary>
    public static void Validate(CaseStep step)
    {
        var errors = new FieldErrors()
            .Check(Enum.IsDefined(step.Kind) && step.Kind != CaseStepKind.Filed, "kind", "must be a step kind other than Filed (file a case with POST /cases).")
            .OptionalText(step.Note, "note")
            .OptionalText(step.Result, "result")
            .OptionalText(step.Target, "target", 300)
            .Check(step.Amount is null or > 0, "amount", "must be more than 0.")
            .Check(step.Days is null or (> 0 and <= 366), "days", "must be between 1 and 366.");
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
                errors.Text(step.Target, "target", 300).Check(step.Amount is not null, "amount", "is required.");
                break;
            case CaseStepKind.Seized:
                errors.Text(step.Target, "target", 300).Check(step.Seizure is not null && Enum.IsDefined(step.Seizure.Value), "seizure", "must be Movables or Property.");
                break;
            case CaseStepKind.FundsReceived:
                errors.Check(step.Amount is not null, "amount", "is required.");
                break;
            case CaseStepKind.Renewed or CaseStepKind.Released or CaseStepKind.CreditMeasureLifted:
                errors.Text(step.MeasureId, "measureId", 16);
                break;
            case CaseStepKind.CreditMeasureImposed:
                errors.Check(step.Credit is not null && Enum.IsDefined(step.Credit.Value), "credit", "must be DishonestDebtorList, ConsumptionRestriction, ExitRestriction or PublicExposure.");
                break;
            case CaseStepKind.CoerciveMeasureTaken:
                errors.Check(step.Coercive is not null && Enum.IsDefined(step.Coercive.Value), "coercive", "must be Summons, Fine, Detention or CriminalReferral.");
                break;
            case CaseStepKind.ExtensionRequested or CaseStepKind.ExtensionGranted:
                errors.Check(step.Days is not null, "days", "is required.");
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
                errors.Check(!string.IsNullOrWhiteSpace(step.Note) || step.Attachments is { Count: > 0 }, "note", "write something or attach a file.")
                    .OptionalText(step.Note, "note", MaxMessageLength);
                break;
            case CaseStepKind.OpinionRequested:
                errors.Text(step.Note, "note", 2000);
                break;
            case CaseStepKind.OpinionGiven:
                errors.Text(step.Target, "target", 16).Check(step.Agrees is not null, "agrees", "is required: true or false.").OptionalText(step.Result, "result", 2000);
                break;
        }

        errors.Check(step.Attachments is null || step.Kind is CaseStepKind.MessagePosted or CaseStepKind.ClueReceived, "attachments", "only messages and clues carry attachments.")
            .Check(step.Attachments is null || step.Kind != CaseStepKind.ClueReceived || step.Attachments.Count <= 1, "attachments", "a clue carries at most one file.")
            .Check(step.Attachments is null || step.Attachments.Count <= MaxAttachments, "attachments", $"at most {MaxAttachments} files.");
        Files(errors, step.Attachments, "attachments");

        errors.OptionalText(step.IdempotencyKey, "idempotencyKey", 200);

        errors.ThrowIfAny();
    }
}
