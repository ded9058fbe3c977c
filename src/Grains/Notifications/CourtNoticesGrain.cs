using Coordination.Grains.Hosting;
using Orleans.Runtime;

namespace Coordination.Grains.Notifications;

/// <summary>
/// A court's notices that are not delivered yet, or never will be (keyed by court id), and a count of the delivered
/// ones: the chief's figures. A delivered notice leaves the list; its own grain keeps it.
/// </summary>
[Alias("Coordination.Grains.Notifications.ICourtNoticesGrain")]
public interface ICourtNoticesGrain : IGrainWithStringKey
{
    /// <summary>Records a notice's current state.</summary>
    [Alias("Update")]
    Task Update(NoticeView view);

    /// <summary>Counts by status, the oldest undelivered notice's age and the parties who cannot be reached.</summary>
    [Alias("Health")]
    [ReadOnly]
    Task<NoticeHealth> Health();

    /// <summary>The notices that wait for a judge or the chief to release them, oldest first.</summary>
    [Alias("AwaitingApproval")]
    [ReadOnly]
    Task<IReadOnlyList<NoticeView>> AwaitingApproval();
}

/// <summary>A court's notice index.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Notifications.CourtNoticesState")]
public sealed class CourtNoticesState
{
    /// <summary>Undelivered and failed notices by key.</summary>
    [Id(0)]
    public Dictionary<string, NoticeView> Notices { get; set; } = [];

    /// <summary>Notices delivered so far.</summary>
    [Id(1)]
    public long Delivered { get; set; }
}

/// <inheritdoc cref="ICourtNoticesGrain" />
[GrainType("court-notices")]
public sealed class CourtNoticesGrain([PersistentState("court-notices")] IPersistentState<CourtNoticesState> state) : CoordinationGrain, ICourtNoticesGrain
{
    public async Task Update(NoticeView view)
    {
        if (view.Status == NoticeStatus.Delivered)
        {
            if (state.State.Notices.Remove(view.Notice.Key))
            {
                state.State.Delivered++;
            }
        }
        else
        {
            state.State.Notices[view.Notice.Key] = view;
        }

        await state.WriteStateAsync();
    }

    public Task<NoticeHealth> Health()
    {
        var notices = state.State.Notices.Values;
        var oldest = notices.Where(n => n.IsUndelivered).Select(n => (DateTimeOffset?)n.CreatedAt).Min();
        var now = TimeProvider.GetUtcNow();
        return Task.FromResult(new NoticeHealth(GetPrimaryKeyString(),
            Enum.GetValues<NoticeStatus>().ToDictionary(s => s, s => s == NoticeStatus.Delivered ? (int)state.State.Delivered : notices.Count(n => n.Status == s)),
            oldest, oldest is { } since ? Math.Round((now - since).TotalMinutes, 1) : null,
            [.. notices.Where(n => n.Status == NoticeStatus.Failed).OrderBy(n => n.CreatedAt)]));
    }

    public Task<IReadOnlyList<NoticeView>> AwaitingApproval() =>
        Task.FromResult<IReadOnlyList<NoticeView>>([.. state.State.Notices.Values.Where(n => n.Status == NoticeStatus.AwaitingApproval).OrderBy(n => n.CreatedAt)]);
}
