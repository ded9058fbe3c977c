using System.Collections.Concurrent;
using Coordination.Grains.Devices.Commands;

namespace Coordination.Grains.Tests.Devices;

/// <summary>
/// The device bridge's side of commands, in memory: records every command handed to it and, as <see cref="Mode"/> says,
/// delivers it (the broker's PUBACK), fails to hand it over, or hangs until the caller gives up.
/// </summary>
public sealed class FakeDeviceCommandChannel : IDeviceCommandChannel
{
    /// <summary>What a publish does.</summary>
    public enum Behaviour
    {
        /// <summary>Completes: the broker has it.</summary>
        Deliver,

        /// <summary>Throws <see cref="DeviceCommandNotSentException"/> with <see cref="FailureReason"/>.</summary>
        Fail,

        /// <summary>Never completes on its own: waits for the caller's cancellation.</summary>
        Hang,
    }

    private readonly ConcurrentQueue<DeviceCommandMessage> _published = new();

    /// <summary>What the next publishes do. Default <see cref="Behaviour.Deliver"/>.</summary>
    public Behaviour Mode { get; set; }

    /// <summary>The reason a failing publish gives.</summary>
    public string FailureReason { get; set; } = "The device broker is not connected.";

    /// <summary>Every command handed to the channel, in order (failed and hanging ones included).</summary>
    public IReadOnlyList<DeviceCommandMessage> Published => [.. _published];

    public async Task PublishAsync(DeviceCommandMessage command, CancellationToken cancellationToken)
    {
        _published.Enqueue(command);
        switch (Mode)
        {
            case Behaviour.Fail:
                throw new DeviceCommandNotSentException(FailureReason);
            case Behaviour.Hang:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
        }
    }
}
