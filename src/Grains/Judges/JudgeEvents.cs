using System.Globalization;
using System.Text.Json.Serialization;
using Coordination.Grains.Cases;

namespace Coordination.Grains.Judges;

/// <summary>What changes a judge's view: case updates from case grains, and the judge's own plan edits.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Judges.JudgeEvent")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(JudgeCaseUpdated), "case-updated")]
[JsonDerivedType(typeof(JudgeCaseRemoved), "case-removed")]
[JsonDerivedType(typeof(PlanItemSaved), "plan-item-saved")]
[JsonDerivedType(typeof(PlanItemRemoved), "plan-item-removed")]
public abstract record JudgeEvent;

/// <summary>A case of the judge changed.</summary>
public sealed record JudgeCaseUpdated(CaseSummary Case) : JudgeEvent;

/// <summary>A case moved to another judge.</summary>
public sealed record JudgeCaseRemoved(string CaseNumber, long Version) : JudgeEvent;

/// <summary>A plan item was added or edited.</summary>
public sealed record PlanItemSaved(PlanItem Item) : JudgeEvent;

/// <summary>A plan item was removed.</summary>
public sealed record PlanItemRemoved(string ItemId) : JudgeEvent;

/// <summary>A judge's cases and own plan items.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Judges.JudgeState")]
public sealed class JudgeState
{
    /// <summary>The court of the judge's cases.</summary>
    [Id(0)]
    public string? CourtId { get; set; }

    /// <summary>Cases by number.</summary>
    [Id(1)]
    public Dictionary<string, CaseSummary> Cases { get; set; } = [];

    /// <summary>Own plan items by id.</summary>
    [Id(2)]
    public Dictionary<string, PlanItem> Plan { get; set; } = [];

    /// <summary>Plan item ids handed out.</summary>
    [Id(3)]
    public int LastItemNumber { get; set; }

    /// <summary>Applies one event.</summary>
    public void Apply(JudgeEvent @event)
    {
        switch (@event)
        {
            case JudgeCaseUpdated { Case: var summary }:
                Cases[summary.CaseNumber] = summary;
                CourtId ??= summary.CourtId;
                break;
            case JudgeCaseRemoved removed:
                Cases.Remove(removed.CaseNumber);
                break;
            case PlanItemSaved { Item: var item }:
                Plan[item.Id!] = item;
                if (int.TryParse(item.Id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    LastItemNumber = Math.Max(LastItemNumber, number);
                }

                break;
            case PlanItemRemoved removed:
                Plan.Remove(removed.ItemId);
                break;
        }
    }
}
