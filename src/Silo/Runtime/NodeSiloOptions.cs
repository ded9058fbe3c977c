using Microsoft.Extensions.Options;

namespace Coordination.Silo.Runtime;

/// <summary>The node's Orleans silo. Bound from the <c>Orleans</c> section.</summary>
public sealed class NodeSiloOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Orleans";

    /// <summary>The port silos talk to each other on (bound to 127.0.0.1 on a single node). Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port external Orleans clients connect to; 0 (default) opens none: the node's own gateway and bridge are in-process.</summary>
    public int GatewayPort { get; set; }

    /// <summary>The cluster's id: nodes with the same id form one cluster. Default <c>coordination</c>.</summary>
    public string ClusterId { get; set; } = "coordination";

    /// <summary>The service's id: it keys grain state and reminders, so it stays the same across deployments. Default <c>coordination</c>.</summary>
    public string ServiceId { get; set; } = "coordination";

    /// <summary>
    /// How long a grain call may take before the caller gets a <see cref="TimeoutException"/>. Default 15 s: far above
    /// any call's normal milliseconds (a group commit, a PostgreSQL failover pause), short enough that a stuck call shows
    /// on the page that made it rather than after Orleans' default 30 s.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long before its next tick a reminder is held in memory (Orleans' <c>ReminderLoadingWindow</c>); the rest stay
    /// in the table until the next refresh. Default 10 minutes.
    /// </summary>
    public TimeSpan ReminderLoadingWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an idle grain stays in memory. Default 30 minutes.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How often a reminder fires again after its instant until its grain moves or removes it (the grains'
    /// <c>ReminderCadence</c>): a tick whose handling failed, or that came due while the node was down, is delivered
    /// again within this. Default 1 minute (Orleans' minimum reminder period, lowered to match when shorter; tests use seconds).
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}

internal sealed class NodeSiloOptionsValidator : IValidateOptions<NodeSiloOptions>
{
    public ValidateOptionsResult Validate(string? name, NodeSiloOptions options)
    {
        if (options.SiloPort is < 1 or > 65535 || options.GatewayPort is < 0 or > 65535)
        {
            return ValidateOptionsResult.Fail($"Orleans:SiloPort must be 1-65535 and Orleans:GatewayPort 0-65535 (0: none), not {options.SiloPort} and {options.GatewayPort}.");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId) || string.IsNullOrWhiteSpace(options.ServiceId))
        {
            return ValidateOptionsResult.Fail("Orleans:ClusterId and Orleans:ServiceId must not be empty.");
        }

        if (options.ReminderPeriod < TimeSpan.FromSeconds(1))
        {
            return ValidateOptionsResult.Fail($"Orleans:ReminderPeriod must be at least 00:00:01 (was {options.ReminderPeriod}).");
        }

        return options.ResponseTimeout < TimeSpan.FromSeconds(1) || options.CollectionAge < TimeSpan.FromMinutes(1)
            ? ValidateOptionsResult.Fail("Orleans:ResponseTimeout must be at least 00:00:01 and Orleans:CollectionAge at least 00:01:00.")
            : ValidateOptionsResult.Success;
    }
}
