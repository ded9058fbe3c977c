using StackExchange.Redis;

namespace Coordination.Silo.Runtime;

/// <summary>
/// The running nodes' settings fingerprints in the membership Redis: one hash per node under
/// <c>coordination/{ClusterId}/settings/{silo endpoint}</c>, expiring <see cref="EntryLifetime"/> after its last
/// refresh, so a killed node's entry goes away on its own. The key holds the cluster id but not the service id, so that
/// a node with another service id, which Orleans would put in a membership of its own, still meets the others here.
/// </summary>
internal sealed class ClusterSettingsBoard(IConnectionMultiplexer redis, string clusterId)
{
    /// <summary>How long an entry outlives its node's last refresh.</summary>
    public static readonly TimeSpan EntryLifetime = TimeSpan.FromSeconds(30);

    private string Prefix => $"coordination/{clusterId}/settings/";

    /// <summary>Writes (or refreshes) the entry of <paramref name="node"/>, replacing what it held.</summary>
    public async Task PublishAsync(string node, IReadOnlyDictionary<string, string> fingerprint)
    {
        var key = new RedisKey(Prefix + node);
        var write = redis.GetDatabase().CreateTransaction();
        _ = write.KeyDeleteAsync(key);
        _ = write.HashSetAsync(key, [.. fingerprint.Select(entry => new HashEntry(entry.Key, entry.Value))]);
        _ = write.KeyExpireAsync(key, EntryLifetime);
        await write.ExecuteAsync();
    }

    /// <summary>The live entries of every node but <paramref name="node"/>: node -> its fingerprint.</summary>
    public async Task<Dictionary<string, Dictionary<string, string>>> ReadOthersAsync(string node)
    {
        var database = redis.GetDatabase();
        var others = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var server in redis.GetServers().Where(server => server.IsConnected && !server.IsReplica))
        {
            await foreach (var key in server.KeysAsync(database.Database, GlobEscaped(Prefix) + "*"))
            {
                var other = key.ToString()[Prefix.Length..];
                var entries = await database.HashGetAllAsync(key);
                if (other != node && entries.Length > 0)
                {
                    others[other] = entries.ToDictionary(entry => entry.Name.ToString(), entry => entry.Value.ToString(), StringComparer.Ordinal);
                }
            }
        }

        return others;
    }

    /// <summary>Removes the entry of <paramref name="node"/>.</summary>
    public Task RemoveAsync(string node) => redis.GetDatabase().KeyDeleteAsync(Prefix + node);

    // The cluster id is the operator's: a '*' in it must match itself only.
    private static string GlobEscaped(string text) =>
        string.Concat(text.Select(c => c is '*' or '?' or '[' or ']' or '\\' ? $"\\{c}" : c.ToString()));
}
