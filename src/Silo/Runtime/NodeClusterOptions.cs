using System.Net;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Coordination.Silo.Runtime;

/// <summary>How nodes find each other.</summary>
public enum ClusterMode
{
    /// <summary>One node on its own (localhost clustering): the embedded default.</summary>
    Single,

    /// <summary>Several nodes in one Orleans cluster, membership in Redis, everything durable in one PostgreSQL.</summary>
    Redis,
}

/// <summary>The node's cluster membership. Bound from the <c>Cluster</c> section.</summary>
public sealed class NodeClusterOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Cluster";

    /// <summary><c>Single</c> (default) or <c>Redis</c>.</summary>
    public ClusterMode Mode { get; set; } = ClusterMode.Single;

    /// <summary>The Redis holding the membership table (StackExchange.Redis configuration string). Default <c>127.0.0.1:6379</c>.</summary>
    public string Redis { get; set; } = "127.0.0.1:6379";

    /// <summary>File holding Redis' password, used when <see cref="Redis"/> names none (written by deploy/redis.sh). Default <c>data/redis/password</c>.</summary>
    public string RedisPasswordFile { get; set; } = "data/redis/password";

    /// <summary>The address this node gives the others to reach its silo port; it also listens only there. Default <c>127.0.0.1</c> (one machine).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>How long a silo waits for a probe's answer before it counts as missed (Orleans' default 5 s). Default 1 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes after which a silo is suspected (Orleans' default 3). Default 2.</summary>
    public int NumMissedProbesLimit { get; set; } = 2;

    /// <summary>
    /// On a graceful stop, how long the silo goes on forwarding the other nodes' calls after its grains are deactivated,
    /// before it refuses them (<see cref="global::Coordination.Silo.Runtime.StopForwardingDrain"/>); 0 turns it off.
    /// Default 2 s: eight of the other nodes' cache evictions (<see cref="LeavingSiloCacheEviction.Interval"/>, 250 ms)
    /// fall within it, with room for a loaded machine and for calls already on their way. At most 10 s, well inside the
    /// host's 30 s shutdown timeout.
    /// </summary>
    public TimeSpan StopForwardingDrain { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The Redis configuration with the password filled in from <see cref="RedisPasswordFile"/> when the string has none.</summary>
    public ConfigurationOptions RedisConfiguration()
    {
        var redis = ConfigurationOptions.Parse(Redis);
        if (string.IsNullOrEmpty(redis.Password) && File.Exists(RedisPasswordFile))
        {
            redis.Password = File.ReadAllText(RedisPasswordFile).Trim();
        }

        return redis;
    }
}

internal sealed class NodeClusterOptionsValidator(IOptions<NodeStorageOptions> storage) : IValidateOptions<NodeClusterOptions>
{
    /// <summary>The longest <see cref="NodeClusterOptions.StopForwardingDrain"/>: a third of the 30 s the node leaves the silo to stop (<see cref="NodeRuntime.SiloStop"/>), which the rest of the stop needs too.</summary>
    public static readonly TimeSpan MaxStopForwardingDrain = TimeSpan.FromSeconds(10);

    public ValidateOptionsResult Validate(string? name, NodeClusterOptions options)
    {
        if (options.Mode == ClusterMode.Single)
        {
            return ValidateOptionsResult.Success;
        }

        if (!storage.Value.UsesPostgres)
        {
            return ValidateOptionsResult.Fail("Cluster:Mode=Redis needs Storage:PostgresConnectionString: the nodes of a cluster share one PostgreSQL (SQLite is one node's file).");
        }

        if (!IPAddress.TryParse(options.AdvertisedAddress, out _))
        {
            return ValidateOptionsResult.Fail($"Cluster:AdvertisedAddress must be an IP address (was '{options.AdvertisedAddress}').");
        }

        if (options.ProbeTimeout < TimeSpan.FromMilliseconds(100) || options.NumMissedProbesLimit < 1)
        {
            return ValidateOptionsResult.Fail("Cluster:ProbeTimeout must be at least 00:00:00.1 and Cluster:NumMissedProbesLimit at least 1.");
        }

        if (options.StopForwardingDrain < TimeSpan.Zero || options.StopForwardingDrain > MaxStopForwardingDrain)
        {
            return ValidateOptionsResult.Fail($"Cluster:StopForwardingDrain must be between 00:00:00 and {MaxStopForwardingDrain:c} (was {options.StopForwardingDrain:c}).");
        }

        try
        {
            _ = options.RedisConfiguration();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail($"Cluster:Redis is not a Redis configuration string: {exception.Message}");
        }
    }
}
