using Coordination.DeviceBridge.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Coordination.DeviceBridge.Hosting;

/// <summary>
/// Checks the bridge's settings at start, naming the setting that is wrong. It reads the node's <c>Cluster:Mode</c> too:
/// in a cluster one unleased session would be fought over by every node's bridge.
/// </summary>
internal sealed class DeviceBridgeOptionsValidator(IConfiguration? configuration = null) : IValidateOptions<DeviceBridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, DeviceBridgeOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        List<string> failures = [];
        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"DeviceBridge:Port must be between 1 and 65535 (was {options.Port}).");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId) || options.ClientId.Length > 23 * 4)
        {
            failures.Add("DeviceBridge:ClientId must be set.");
        }

        if (options.MaxPendingDeliveries is < 1 or > 65535 || options.MaxPayloadBytes < 256 || options.KeepAlive < TimeSpan.FromSeconds(5))
        {
            failures.Add("DeviceBridge:MaxPendingDeliveries must be 1 to 65535, MaxPayloadBytes at least 256 and KeepAlive at least 00:00:05.");
        }

        if (options.SessionExpiryInterval < TimeSpan.FromMinutes(1) || options.SessionExpiryInterval.TotalSeconds > uint.MaxValue)
        {
            // Shorter, and a node restart (or a reconnect) would lose the messages queued for it.
            failures.Add($"DeviceBridge:SessionExpiryInterval must be between 00:01:00 and {TimeSpan.FromSeconds(uint.MaxValue):c} (was {options.SessionExpiryInterval:c}).");
        }

        if (options.Slots is < 1 or > 256 || options.SlotLeaseInterval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add($"DeviceBridge:Slots must be between 1 and 256 (was {options.Slots}) and DeviceBridge:SlotLeaseInterval at least 00:00:00.1.");
        }
        else if (options.Slots == 1 && string.Equals(configuration?["Cluster:Mode"], "Redis", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add("DeviceBridge:Slots must be at least 2 with Cluster:Mode=Redis (the same on every node, best the number of nodes or more), or set DeviceBridge:Enabled=false.");
        }

        if (options.SocketBufferBytes is < 4096 or > 16 * 1024 * 1024)
        {
            failures.Add($"DeviceBridge:SocketBufferBytes must be between 4096 and 16777216 (was {options.SocketBufferBytes}).");
        }

        if (options.OperationTimeout < TimeSpan.FromMilliseconds(100) || options.ReconnectDelay < TimeSpan.FromMilliseconds(10) || options.MaxReconnectDelay < options.ReconnectDelay)
        {
            failures.Add("DeviceBridge:OperationTimeout must be at least 00:00:00.1, ReconnectDelay at least 00:00:00.01 and MaxReconnectDelay at least ReconnectDelay.");
        }

        if (options.MaxDeadLetterBytes is < DeadLetterBuilder.MinBytes or > DeadLetterBuilder.MaxBytes)
        {
            failures.Add($"DeviceBridge:MaxDeadLetterBytes must be between {DeadLetterBuilder.MinBytes} and {DeadLetterBuilder.MaxBytes}, below the broker's max_packet_size (was {options.MaxDeadLetterBytes}).");
        }

        if (options.DeadLetterPrefix.Length is < 1 or > DeadLetterBuilder.MaxPrefixLength || options.DeadLetterPrefix.Contains('+') || options.DeadLetterPrefix.Contains('#'))
        {
            failures.Add($"DeviceBridge:DeadLetterPrefix must be 1 to {DeadLetterBuilder.MaxPrefixLength} characters without + or #.");
        }

        if (string.IsNullOrEmpty(options.Password) && !File.Exists(options.PasswordFile))
        {
            failures.Add($"DeviceBridge:PasswordFile '{Path.GetFullPath(options.PasswordFile)}' does not exist: run deploy/mosquitto.sh, set DeviceBridge:Password, or set DeviceBridge:Enabled=false.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The password: the setting, or the first line of the password file.</summary>
    public static string PasswordOf(DeviceBridgeOptions options) => Grains.Hosting.Secret.Read(options.Password, options.PasswordFile) ?? "";
}
