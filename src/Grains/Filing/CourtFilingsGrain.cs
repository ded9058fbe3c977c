using Coordination.Grains.Changes;
using Coordination.Grains.Hosting;
using Orleans.Runtime;

namespace Coordination.Grains.Filing;

/// <summary>A court's queue of online filing applications, keyed by court id: open ones, and decided ones for 30 days.</summary>
[Alias("Coordination.Grains.Filing.ICourtFilingsGrain")]
public interface ICourtFilingsGrain : IGrainWithStringKey
{
    /// <summary>Records an application's latest state; an older version than the one held is ignored.</summary>
    [Alias("Update")]
    Task Update(ApplicationSummary summary);

    /// <summary>The applications, those waiting for the clerk first, each group by its decision date.</summary>
    [Alias("List")]
    [ReadOnly]
    Task<IReadOnlyList<ApplicationSummary>> List(ApplicationStatus? status);
}

/// <summary>The queue's stored state.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Filing.CourtFilingsState")]
public sealed class CourtFilingsState
{
    /// <summary>Applications by number.</summary>
    [Id(0)]
    public Dictionary<string, ApplicationSummary> Applications { get; set; } = [];
}

/// <inheritdoc cref="ICourtFilingsGrain" />
[GrainType("court-filings")]
public sealed class CourtFilingsGrain([PersistentState("court-filings")] IPersistentState<CourtFilingsState> state) : CoordinationGrain, ICourtFilingsGrain
{
    private static readonly TimeSpan KeepDecided = TimeSpan.FromDays(30);

    public async Task Update(ApplicationSummary summary)
    {
        var applications = state.State.Applications;
        if (applications.TryGetValue(summary.Id, out var held) && held.Version >= summary.Version)
        {
            return;
        }

        applications[summary.Id] = summary;
        var now = TimeProvider.GetUtcNow();
        foreach (var old in applications.Values.Where(a => a.Status is ApplicationStatus.Accepted or ApplicationStatus.Refused && now - a.UpdatedAt > KeepDecided).ToList())
        {
            applications.Remove(old.Id);
        }

        await state.WriteStateAsync();
        await SignalChangeAsync(ChangeStreams.FilingQueue(GetPrimaryKeyString()));
    }

    public Task<IReadOnlyList<ApplicationSummary>> List(ApplicationStatus? status) => Task.FromResult<IReadOnlyList<ApplicationSummary>>(
        [.. state.State.Applications.Values.Where(a => status is null || a.Status == status).OrderBy(a => a.Status).ThenBy(a => a.DecideBy).ThenBy(a => a.UpdatedAt)]);
}
