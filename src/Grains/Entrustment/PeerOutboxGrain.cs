using System.Text.Json;
using Coordination.Grains.Hosting;
using Orleans.Runtime;

namespace Coordination.Grains.Entrustment;

/// <summary>
/// Messages waiting for one peer (keyed by peer id), stored before any attempt and sent strictly in order. A failed
/// attempt is retried after 1, 2, 4 ... seconds (at most 5 minutes); a durable reminder carries the retries across a
/// restart. A message the peer refuses for good is set aside (with the error) so the rest can go.
/// </summary>
[Alias("Coordination.Grains.Entrustment.IPeerOutboxGrain")]
public interface IPeerOutboxGrain : IGrainWithStringKey
{
    /// <summary>Stores the message for sending (once per message id) and starts sending.</summary>
    [Alias("Enqueue")]
    Task Enqueue(EntrustmentMessage message);

    /// <summary>What is waiting, the oldest's age, the last error.</summary>
    [Alias("GetStatus")]
    [ReadOnly]
    Task<PeerOutboxStatus> GetStatus();
}

/// <summary>An outbox now.</summary>
/// <param name="PeerId">The peer.</param>
/// <param name="Pending">Messages waiting.</param>
/// <param name="OldestPendingSince">When the oldest waiting message was stored.</param>
/// <param name="Delivered">Messages delivered so far.</param>
/// <param name="LastError">Why the last attempt failed, if it did.</param>
/// <param name="Failed">Messages the peer refused for good.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Entrustment.PeerOutboxStatus")]
public sealed record PeerOutboxStatus([Id(0)] string PeerId, [Id(1)] int Pending, [Id(2)] DateTimeOffset? OldestPendingSince, [Id(3)] long Delivered, [Id(4)] string? LastError, [Id(5)] IReadOnlyList<OutboxItem> Failed);

/// <summary>A stored message.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Entrustment.OutboxItem")]
public sealed record OutboxItem([Id(0)] string MessageId, [Id(1)] EntrustmentMessageType Type, [Id(2)] string EntrustmentId, [Id(3)] string Body, [Id(4)] DateTimeOffset EnqueuedAt, [Id(5)] int Attempts, [Id(6)] DateTimeOffset NextAttemptAt, [Id(7)] string? LastError);

/// <summary>An outbox's stored state.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Entrustment.PeerOutboxState")]
public sealed class PeerOutboxState
{
    /// <summary>Waiting, oldest first.</summary>
    [Id(0)]
    public List<OutboxItem> Pending { get; set; } = [];

    /// <summary>Refused for good.</summary>
    [Id(1)]
    public List<OutboxItem> Failed { get; set; } = [];

    /// <summary>Delivered so far.</summary>
    [Id(2)]
    public long Delivered { get; set; }

    /// <summary>Why the last attempt failed.</summary>
    [Id(3)]
    public string? LastError { get; set; }
}

/// <inheritdoc cref="IPeerOutboxGrain" />
[GrainType("peer-outbox")]
public sealed class PeerOutboxGrain([PersistentState("peer-outbox")] IPersistentState<PeerOutboxState> state, IPeerTransport transport) : CoordinationGrain, IPeerOutboxGrain, IRemindable
{
    private const string RetryReminder = "retry";
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);
    private IGrainTimer? _timer;

    private PeerOutboxState State => state.State;

    public async Task Enqueue(EntrustmentMessage message)
    {
        if (State.Pending.Any(m => m.MessageId == message.MessageId))
        {
            return;
        }

        var now = TimeProvider.GetUtcNow();
        var body = JsonSerializer.Serialize(message, GrainsJsonContext.Default.EntrustmentMessage);
        State.Pending.Add(new OutboxItem(message.MessageId, message.Type, message.EntrustmentId, body, now, 0, now, null));
        await state.WriteStateAsync();
        await RegisterOrUpdateReminder(RetryReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        SendSoon(TimeSpan.Zero);
    }

    public Task<PeerOutboxStatus> GetStatus() => Task.FromResult(new PeerOutboxStatus(
        GetPrimaryKeyString(), State.Pending.Count, State.Pending.FirstOrDefault()?.EnqueuedAt, State.Delivered, State.LastError, State.Failed));

    public Task ReceiveReminder(string reminderName, TickStatus status) => SendDueAsync();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Pending.Count > 0)
        {
            SendSoon(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    private void SendSoon(TimeSpan delay)
    {
        _timer ??= this.RegisterGrainTimer(static (grain, _) => grain.SendDueAsync(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Sends waiting messages in order until one fails or is not due yet.</summary>
    private async Task SendDueAsync()
    {
        while (State.Pending.Count > 0)
        {
            var next = State.Pending[0];
            var now = TimeProvider.GetUtcNow();
            if (next.NextAttemptAt > now)
            {
                SendSoon(next.NextAttemptAt - now);
                return;
            }

            try
            {
                using var timeout = new CancellationTokenSource(SendTimeout);
                await transport.SendAsync(GetPrimaryKeyString(), System.Text.Encoding.UTF8.GetBytes(next.Body), timeout.Token);
            }
            catch (Exception exception) when (exception is PeerDeliveryException or OperationCanceledException or HttpRequestException)
            {
                await FailedAsync(next, exception);
                continue;
            }

            State.Pending.RemoveAt(0);
            State.Delivered++;
            State.LastError = null;
            await state.WriteStateAsync();
            if (next.Type == EntrustmentMessageType.Request)
            {
                await GrainFactory.GetGrain<IEntrustmentGrain>(next.EntrustmentId).OnDelivered(next.MessageId);
            }
        }

        await UnregisterReminder(RetryReminder);
    }

    private async Task FailedAsync(OutboxItem item, Exception exception)
    {
        var error = $"{TimeProvider.GetUtcNow():u}: {exception.Message}";
        State.LastError = error;
        if (exception is PeerDeliveryException { Permanent: true })
        {
            State.Pending.RemoveAt(0);
            State.Failed.Add(item with { Attempts = item.Attempts + 1, LastError = error });
        }
        else
        {
            var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, item.Attempts)));
            State.Pending[0] = item with { Attempts = item.Attempts + 1, NextAttemptAt = TimeProvider.GetUtcNow() + backoff, LastError = error };
        }

        await state.WriteStateAsync();
    }
}
