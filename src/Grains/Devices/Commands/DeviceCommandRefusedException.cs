namespace Coordination.Grains.Devices.Commands;

/// <summary>The device cannot take another command now (too many wait for its answer); <see cref="Exception.Message"/> says why.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Devices.Commands.DeviceCommandRefusedException")]
public sealed class DeviceCommandRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeviceCommandRefusedException(string message) : base(message)
    {
    }
}
