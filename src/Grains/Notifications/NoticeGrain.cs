using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Microsoft.Extensions.Options;
using Coordination.Grains.Texts;

namespace Coordination.Grains.Notifications;

/// <summary>
/// One notice (keyed by its idempotency key). It is stored before any attempt; a durable reminder sends it, and sends it
/// again after 1, 2, 4 ... minutes if the channel does not take it, until <see cref="NotificationOptions.MaxAttempts"/>.
/// A crash after the gateway took a message but before that was stored resends it with the same key, which the
/// gateway recognises: the party gets it once.
/// </summary>
[Alias("Coordination.Grains.Notifications.INoticeGrain")]
public interface INoticeGrain : IGrainWithStringKey
{
    /// <summary>Writes the notice (once: a repeat changes nothing); queued at once unless <paramref name="awaitApproval"/>.</summary>
    [Alias("Create")]
    Task Create(Notice notice, bool awaitApproval);

    /// <summary>The judge releases a notice that waited for approval.</summary>
    [Alias("Approve")]
    Task<NoticeView> Approve(string actor);

    /// <summary>The gateway's delivery report.</summary>
    [Alias("Report")]
    Task<NoticeView> Report(bool delivered, string? detail);

    /// <summary>The notice, or null.</summary>
    [Alias("Get")]
    [ReadOnly]
    Task<NoticeView?> Get();
}

/// <summary>A notice's stored state.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Notifications.NoticeState")]
public sealed class NoticeState
{
    /// <summary>The notice and its delivery; null until created.</summary>
    [Id(0)]
    public NoticeView? View { get; set; }
}

/// <inheritdoc cref="INoticeGrain" />
[GrainType("notice")]
public sealed class NoticeGrain([PersistentState("notice")] IPersistentState<NoticeState> state, ISmsChannel channel, IOptions<NotificationOptions> options)
    : CoordinationGrain, INoticeGrain, IRemindable
{
    private const string SendReminder = "send";
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(15);
    private static readonly ProblemText Undeliverable = ProblemText.Of("outcome.notice.undeliverable");

    private NoticeView? View => state.State.View;

    public async Task Create(Notice notice, bool awaitApproval)
    {
        if (View is not null)
        {
            return;
        }

        var now = TimeProvider.GetUtcNow();
        await SaveAsync(new NoticeView(notice, awaitApproval ? NoticeStatus.AwaitingApproval : NoticeStatus.Queued, now, 0, awaitApproval ? null : now, null, null, null, null));
        if (!awaitApproval)
        {
            await RegisterOrUpdateReminder(SendReminder, now);
        }
    }

    public async Task<NoticeView> Approve(string actor)
    {
        var view = View ?? throw new NoticeNotFoundException(GetPrimaryKeyString());
        if (view.Status != NoticeStatus.AwaitingApproval)
        {
            return view;
        }

        var now = TimeProvider.GetUtcNow();
        await SaveAsync(view with { Status = NoticeStatus.Queued, NextAttemptAt = now, ApprovedBy = actor });
        await RegisterOrUpdateReminder(SendReminder, now);
        return View!;
    }

    public async Task<NoticeView> Report(bool delivered, string? detail)
    {
        var view = View ?? throw new NoticeNotFoundException(GetPrimaryKeyString());
        if (view.Status is NoticeStatus.Sent or NoticeStatus.Queued)
        {
            await SaveAsync(delivered
                ? view with { Status = NoticeStatus.Delivered, DeliveredAt = TimeProvider.GetUtcNow(), NextAttemptAt = null }
                : view with { Status = NoticeStatus.Failed, LastError = detail ?? Undeliverable.English, LastErrorText = detail is null ? Undeliverable : null, NextAttemptAt = null });
            await UnregisterReminder(SendReminder);
        }

        return View!;
    }

    public Task<NoticeView?> Get() => Task.FromResult(View);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (View is not { Status: NoticeStatus.Queued } view)
        {
            await UnregisterReminder(SendReminder);
            return;
        }

        var now = TimeProvider.GetUtcNow();
        if (view.NextAttemptAt > now)
        {
            return; // a repeated tick (reminders arrive at least once): the next attempt is not due yet
        }

        try
        {
            using var timeout = new CancellationTokenSource(SendTimeout);
            var receipt = await channel.SendAsync(view.Notice, timeout.Token);
            await SaveAsync(view with
            {
                Status = receipt.Delivered ? NoticeStatus.Delivered : NoticeStatus.Sent, Attempts = view.Attempts + 1, NextAttemptAt = null, LastError = null, LastErrorText = null,
                SentAt = now, DeliveredAt = receipt.Delivered ? now : null,
            });
            await UnregisterReminder(SendReminder);
        }
        catch (Exception exception) when (exception is SmsRejectedException or HttpRequestException or OperationCanceledException or IOException or InvalidOperationException)
        {
            var attempts = view.Attempts + 1;
            var giveUp = attempts >= options.Value.MaxAttempts || exception is SmsRejectedException;
            var next = now + TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, attempts - 1)));
            await SaveAsync(view with { Status = giveUp ? NoticeStatus.Failed : NoticeStatus.Queued, Attempts = attempts, NextAttemptAt = giveUp ? null : next, LastError = exception.Message, LastErrorText = null });
            if (giveUp)
            {
                await UnregisterReminder(SendReminder);
            }
            else
            {
                await RegisterOrUpdateReminder(SendReminder, next);
            }
        }
    }

    private async Task SaveAsync(NoticeView view)
    {
        state.State.View = view;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ICourtNoticesGrain>(view.Notice.CourtId).Update(view);
    }
}
