using Coordination.Grains.Hosting;
using Orleans.Runtime;

namespace Coordination.Grains.Entrustment;

/// <summary>A court's entrustments, both ways (keyed by court id): what the chief and the command centre list.</summary>
[Alias("Coordination.Grains.Entrustment.ICourtEntrustmentsGrain")]
public interface ICourtEntrustmentsGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces an entry (ignored if older than the held one).</summary>
    [Alias("Update")]
    Task Update(EntrustmentSummary summary);

    /// <summary>Every entry, newest change first.</summary>
    [Alias("List")]
    [ReadOnly]
    Task<IReadOnlyList<EntrustmentSummary>> List();
}

/// <summary>One line of a court's entrustment list.</summary>
/// <param name="Id">Entrustment id.</param>
/// <param name="Outgoing">True if this court entrusted the work; false if it was entrusted with it.</param>
/// <param name="OtherCourt">The court on the other side.</param>
/// <param name="CaseNumber">The entrusting court's case.</param>
/// <param name="Kind">The work.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="UpdatedAt">Last change.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Entrustment.EntrustmentSummary")]
public sealed record EntrustmentSummary([Id(0)] string Id, [Id(1)] bool Outgoing, [Id(2)] string OtherCourt, [Id(3)] string CaseNumber, [Id(4)] EntrustmentKind Kind, [Id(5)] EntrustmentStatus Status, [Id(6)] DateTimeOffset UpdatedAt)
{
    /// <summary>The line for <paramref name="view"/> as seen by <paramref name="courtId"/>.</summary>
    public static EntrustmentSummary Of(EntrustmentView view, string courtId, DateTimeOffset at) =>
        new(view.Id, view.FromCourt == courtId, view.FromCourt == courtId ? view.ToCourt : view.FromCourt, view.CaseNumber, view.Kind, view.Status, at);
}

/// <summary>A court's entrustment list's stored state.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Entrustment.CourtEntrustmentsState")]
public sealed class CourtEntrustmentsState
{
    /// <summary>By entrustment id.</summary>
    [Id(0)]
    public Dictionary<string, EntrustmentSummary> Entries { get; set; } = [];
}

/// <inheritdoc cref="ICourtEntrustmentsGrain" />
[GrainType("court-entrustments")]
public sealed class CourtEntrustmentsGrain([PersistentState("court-entrustments")] IPersistentState<CourtEntrustmentsState> state) : CoordinationGrain, ICourtEntrustmentsGrain
{
    public async Task Update(EntrustmentSummary summary)
    {
        if (state.State.Entries.TryGetValue(summary.Id, out var held) && held.UpdatedAt > summary.UpdatedAt)
        {
            return;
        }

        state.State.Entries[summary.Id] = summary;
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<EntrustmentSummary>> List() =>
        Task.FromResult<IReadOnlyList<EntrustmentSummary>>([.. state.State.Entries.Values.OrderByDescending(e => e.UpdatedAt)]);
}
