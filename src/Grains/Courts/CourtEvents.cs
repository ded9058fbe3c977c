using System.Text.Json.Serialization;
using Coordination.Grains.Cases;

namespace Coordination.Grains.Courts;

/// <summary>What changes a court's view.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Courts.CourtEvent")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(CourtCaseUpdated), "case-updated")]
[JsonDerivedType(typeof(FocusChanged), "focus-changed")]
public abstract record CourtEvent;

/// <summary>A case of the court changed.</summary>
public sealed record CourtCaseUpdated(CaseSummary Case) : CourtEvent
{
    /// <summary>The update for <paramref name="summary"/>: the court keeps deadlines only of cases no judge has yet; the judges keep the rest.</summary>
    public static CourtCaseUpdated Of(CaseSummary summary) => new(summary.JudgeId is null ? summary : summary with { Deadlines = [] });
}

/// <summary>The chief flagged or unflagged a focus case (重点案件).</summary>
public sealed record FocusChanged(string CaseNumber, bool Focus, string? Note, string Actor) : CourtEvent;
