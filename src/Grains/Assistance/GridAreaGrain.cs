using Coordination.Grains.Changes;
using Coordination.Grains.Hosting;
using Orleans.Runtime;

namespace Coordination.Grains.Assistance;

/// <summary>A grid area's requests (keyed by area id): the grid worker's list and the chief's feedback rate.</summary>
[Alias("Coordination.Grains.Assistance.IGridAreaGrain")]
public interface IGridAreaGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces a request.</summary>
    [Alias("Update")]
    Task Update(AssistanceRequest request);

    /// <summary>The area's requests, open ones first, oldest first.</summary>
    [Alias("List")]
    [ReadOnly]
    Task<IReadOnlyList<AssistanceRequest>> List();
}

/// <summary>A grid area's stored requests.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Assistance.GridAreaState")]
public sealed class GridAreaState
{
    /// <summary>By request id.</summary>
    [Id(0)]
    public Dictionary<string, AssistanceRequest> Requests { get; set; } = [];
}

/// <inheritdoc cref="IGridAreaGrain" />
[GrainType("grid-area")]
public sealed class GridAreaGrain([PersistentState("grid-area")] IPersistentState<GridAreaState> state, GridDirectory areas) : CoordinationGrain, IGridAreaGrain
{
    public async Task Update(AssistanceRequest request)
    {
        state.State.Requests[request.Id] = request;
        await state.WriteStateAsync();
        if (areas.Find(GetPrimaryKeyString()) is { } area)
        {
            await SignalChangeAsync(ChangeStreams.GridWorker(area.WorkerId));
        }
    }

    public Task<IReadOnlyList<AssistanceRequest>> List() => Task.FromResult<IReadOnlyList<AssistanceRequest>>(
        [.. state.State.Requests.Values.OrderBy(r => r.IsAnswered).ThenBy(r => r.RequestedAt)]);
}

/// <summary>Counts for the chief.</summary>
public static class GridFeedback
{
    /// <summary>The area's figures at <paramref name="now"/>.</summary>
    public static GridAreaStatistics Of(GridAreaOptions area, IReadOnlyList<AssistanceRequest> requests, DateTimeOffset now)
    {
        var answered = requests.Count(r => r.IsAnswered);
        return new GridAreaStatistics(area.Id, area.Name, area.WorkerId, requests.Count, answered,
            requests.Count(r => r.AnsweredAt <= r.DueAt), requests.Count(r => !r.IsAnswered && now > r.DueAt),
            requests.Count == 0 ? null : Math.Round((double)answered / requests.Count, 4));
    }
}
