using System.Collections.Immutable;
using Coordination.DeviceBridge.Broker;
using Coordination.DeviceBridge.Hosting;
using Coordination.Grains.Devices.Bridge;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Coordination.DeviceBridge.Slots;

/// <summary>
/// The bridge slots this node holds, one <see cref="BrokerConnection"/> each. With one slot the node holds it from
/// start to stop. With several, it asks <see cref="IBridgeSlotsGrain"/> every <see cref="DeviceBridgeOptions.SlotLeaseInterval"/>
/// which to hold, lets go of the others (each connection drains: what it is handling is applied and acknowledged, then
/// it disconnects) before it reports again, and starts the new ones, resuming their sessions on the broker. A failed or
/// slow lease call changes nothing here: the node keeps what it holds and asks again.
/// </summary>
internal sealed class BridgeSlots(DeviceBridgeOptions options, Func<int, BrokerConnection> connect, IGrainFactory grains, SiloAddress? silo, ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new(); // not disposed: StopAsync may be called after disposal
    private readonly Lock _lock = new();
    private ImmutableSortedDictionary<int, BrokerConnection> _held = ImmutableSortedDictionary<int, BrokerConnection>.Empty;
    private Task _running = Task.CompletedTask;
    private Task? _stopping;
    private long _reconnectsBefore;
    private long _receivedBefore;
    private long _acknowledgedBefore;

    /// <summary>The slots held now and their connections, in slot order.</summary>
    public ImmutableSortedDictionary<int, BrokerConnection> Held
    {
        get
        {
            lock (_lock)
            {
                return _held;
            }
        }
    }

    /// <summary>Reconnects, messages received and acknowledged by the connections of slots let go of since the start.</summary>
    public (long Reconnects, long Received, long Acknowledged) Released
    {
        get
        {
            lock (_lock)
            {
                return (_reconnectsBefore, _receivedBefore, _acknowledgedBefore);
            }
        }
    }

    private bool Leased => options.Slots > 1;

    /// <summary>Starts holding: the one slot at once, or the lease loop in the background.</summary>
    public void Start()
    {
        if (!Leased)
        {
            Take(0);
            return;
        }

        if (silo is null)
        {
            throw new InvalidOperationException("DeviceBridge:Slots above 1 needs the bridge to run inside a silo (its address is the lease holder).");
        }

        _running = Task.Run(() => LeaseAsync(silo, _stop.Token));
    }

    /// <summary>Stops asking, lets go of every slot (all drain at once) and, when leased, tells the lease so that the others take them over now. Safe to call again.</summary>
    public Task StopAsync()
    {
        lock (_lock)
        {
            return _stopping ??= StopOnceAsync();
        }
    }

    private async Task StopOnceAsync()
    {
        await _stop.CancelAsync();
        await _running;
        await Task.WhenAll(Held.Keys.Select(ReleaseAsync));
        if (Leased && silo is not null)
        {
            try
            {
                await grains.GetGrain<IBridgeSlotsGrain>(options.ClientId).Leave(silo).WaitAsync(options.OperationTimeout);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Membership declares the silo dead soon, and that frees its slots too.
                logger.LogWarning("Device bridge could not hand back its slots at stop: {Reason}", exception.Message);
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task LeaseAsync(SiloAddress self, CancellationToken stop)
    {
        var lease = grains.GetGrain<IBridgeSlotsGrain>(options.ClientId);
        string? lastFailure = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var granted = await lease.Hold(self, options.Slots, [.. Held.Keys]).WaitAsync(options.OperationTimeout, stop);
                lastFailure = null;
                await Task.WhenAll(Held.Keys.Except(granted).Select(ReleaseAsync));
                foreach (var slot in granted.Except(Held.Keys))
                {
                    Take(slot);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                var failure = exception is TimeoutException ? "the lease did not answer in time" : exception.Message;
                if (failure != lastFailure)
                {
                    logger.LogWarning("Device bridge lease: {Reason}; keeping slots {Held} and asking again", failure, string.Join(", ", Held.Keys));
                }

                lastFailure = failure;
            }

            try
            {
                await Task.Delay(options.SlotLeaseInterval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Take(int slot)
    {
        var connection = connect(slot);
        lock (_lock)
        {
            _held = _held.Add(slot, connection);
        }

        connection.Start();
        if (Leased)
        {
            logger.LogInformation("Device bridge took slot {Slot} of {Slots} ({ClientId})", slot, options.Slots, connection.ClientId);
        }
    }

    /// <summary>Drains and closes the slot's connection; the slot counts as held until then.</summary>
    private async Task ReleaseAsync(int slot)
    {
        var connection = Held[slot];
        await connection.StopAsync();
        var status = connection.Status;
        lock (_lock)
        {
            _held = _held.Remove(slot);
            _reconnectsBefore += status.Reconnects;
            _receivedBefore += status.Received;
            _acknowledgedBefore += status.Acknowledged;
        }

        if (Leased)
        {
            logger.LogInformation("Device bridge let go of slot {Slot} ({ClientId})", slot, connection.ClientId);
        }
    }
}
