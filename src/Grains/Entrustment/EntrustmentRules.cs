using Coordination.Grains.Validation;

namespace Coordination.Grains.Entrustment;

/// <summary>Checks on what judges and peers send.</summary>
public static class EntrustmentRules
{
    /// <summary>Checks documents: at most 20, each with a name, a 64-digit hex SHA-256 and a size up to 1 GiB.</summary>
    public static FieldErrors Documents(this FieldErrors errors, IReadOnlyList<EntrustmentDocument>? documents, string field = "documents")
    {
        errors.Check(documents is null || documents.Count <= 20, field, "entrust.documentCount");
        for (var i = 0; documents is not null && i < documents.Count; i++)
        {
            var document = documents[i];
            errors.FileReference(document?.Name, document?.Sha256, document?.Size, $"{field}[{i}]", 1L << 30);
        }

        return errors;
    }

    /// <summary>Checks a judge's order.</summary>
    public static void Validate(EntrustmentOrder order) => new FieldErrors()
        .Text(order.ToCourt, "toCourt", 64)
        .Check(Enum.IsDefined(order.Kind), "kind", "entrust.kind")
        .Text(order.Description, "description", 2000)
        .Documents(order.Documents)
        .ThrowIfAny();

    /// <summary>Checks a report of the entrusted court.</summary>
    public static void Validate(EntrustmentReport report) => new FieldErrors().Text(report.Text, "text", 2000).Documents(report.Documents).ThrowIfAny();

    /// <summary>Checks a message from a peer.</summary>
    public static void Validate(EntrustmentMessage message)
    {
        var errors = new FieldErrors()
            .Text(message.MessageId, "messageId", 200)
            .Check(Enum.IsDefined(message.Type), "type", "entrust.messageType")
            .Text(message.EntrustmentId, "entrustmentId", 100)
            .Text(message.FromCourt, "fromCourt", 64)
            .Text(message.ToCourt, "toCourt", 64)
            .OptionalText(message.Text, "text", 2000)
            .Documents(message.Documents);
        if (message.Type == EntrustmentMessageType.Request)
        {
            errors.Text(message.CaseNumber, "caseNumber", 64).Check(message.Kind is { } kind && Enum.IsDefined(kind), "kind", "entrust.requestKind")
                .Text(message.Text, "text", 2000);
        }

        errors.ThrowIfAny();
    }
}
