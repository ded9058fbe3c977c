namespace Coordination.Grains.Devices.Commands;

/// <summary>What a command asks a field device to do.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Devices.Commands.DeviceCommandKind")]
public enum DeviceCommandKind
{
    /// <summary>Start the body camera's recording.</summary>
    StartRecording,

    /// <summary>Stop the body camera's recording.</summary>
    StopRecording,

    /// <summary>The team returns to base.</summary>
    ReturnToBase,

    /// <summary>A text shown on the device (the command's text).</summary>
    Message,
}
