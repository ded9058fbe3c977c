namespace Coordination.Grains.Devices.Commands;

/// <summary>Commands to devices (configuration section <c>DeviceMonitoring:Commands</c>).</summary>
public sealed class DeviceCommandOptions
{
    /// <summary>How long a command waits for the device's answer when the sender names no expiry. Default 5 minutes.</summary>
    public TimeSpan DefaultExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The shortest expiry a sender may ask for. Default 10 seconds.</summary>
    public TimeSpan MinExpiry { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest expiry a sender may ask for. Default 24 hours.</summary>
    public TimeSpan MaxExpiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The longest text of a <see cref="DeviceCommandKind.Message"/>, in characters. Default 200.</summary>
    public int MaxTextLength { get; set; } = 200;

    /// <summary>How long the node waits for the broker to acknowledge a command before it counts it as failed. Default 10 seconds.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Commands waiting for an answer a device may have at once; one more is refused. Default 20.</summary>
    public int MaxOpen { get; set; } = 20;

    /// <summary>Settled commands (acknowledged, failed, expired) a device keeps, the most recent; older ones are forgotten. Default 50.</summary>
    public int KeepSettled { get; set; } = 50;

    /// <summary>What is wrong with the settings, naming the setting; null when they are usable (for the deployment's options validation).</summary>
    public string? Problem() => this switch
    {
        _ when MinExpiry <= TimeSpan.Zero || MaxExpiry < MinExpiry || DefaultExpiry < MinExpiry || DefaultExpiry > MaxExpiry =>
            "DeviceMonitoring:Commands:MinExpiry must be positive, and DefaultExpiry between it and MaxExpiry.",
        _ when PublishTimeout <= TimeSpan.Zero => "DeviceMonitoring:Commands:PublishTimeout must be positive (and shorter than Orleans:ResponseTimeout).",
        _ when MaxTextLength < 1 || MaxOpen < 1 || KeepSettled < 0 => "DeviceMonitoring:Commands:MaxTextLength and MaxOpen must be at least 1, KeepSettled at least 0.",
        _ => null,
    };
}
