using Coordination.Grains.Texts;

namespace Coordination.Grains.Devices.Commands;

/// <summary>The device cannot take another command now (too many wait for its answer); <see cref="Reason"/> says why.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Devices.Commands.DeviceCommandRefusedException")]
public sealed class DeviceCommandRefusedException(ProblemText reason) : Exception(reason.English), IHasProblemText
{
    /// <inheritdoc/>
    [Id(0)]
    public ProblemText Reason { get; } = reason;
}
