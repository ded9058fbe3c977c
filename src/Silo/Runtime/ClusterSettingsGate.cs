using Coordination.Gateway.Auth;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Orleans.Runtime;
using StackExchange.Redis;

namespace Coordination.Silo.Runtime;

/// <summary>
/// Keeps a cluster node out of the membership, before it joins, when its shared settings (<see cref="ClusterSettingsFingerprint"/>)
/// differ from those of a node already running; once in, keeps its own fingerprint on the <see cref="ClusterSettingsBoard"/>,
/// refreshed every <see cref="RefreshInterval"/> and removed on a graceful stop.
/// </summary>
internal sealed class ClusterSettingsGate(
    NodeClusterOptions cluster, string clusterId, Func<IReadOnlyDictionary<string, string>> fingerprintOf, ILocalSiloDetails silo, TimeProvider time,
    ILogger<ClusterSettingsGate> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    /// <summary>How often a running node refreshes its entry: three times within its lifetime, so one missed refresh does not drop it.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();
    private ConnectionMultiplexer? _redis;
    private Task _refreshing = Task.CompletedTask;

    /// <summary>The gate of the node's silo, reading its settings and signing key from <paramref name="services"/>.</summary>
    public static ClusterSettingsGate Create(IServiceProvider services) => new(
        services.GetRequiredService<IOptions<NodeClusterOptions>>().Value,
        services.GetRequiredService<IOptions<NodeSiloOptions>>().Value.ClusterId,
        () => ClusterSettingsFingerprint.Of(services.GetRequiredService<IConfiguration>(), ((SymmetricSecurityKey)services.GetRequiredService<TokenIssuer>().SigningKey).Key),
        services.GetRequiredService<ILocalSiloDetails>(),
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<ILogger<ClusterSettingsGate>>());

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ClusterSettingsGate), ServiceLifecycleStage.RuntimeInitialize, JoinAsync, LeaveAsync);

    // The endpoint without the generation: a node restarted on the same address replaces its old entry instead of meeting it.
    private string Node => silo.SiloAddress.Endpoint.ToString();

    private async Task JoinAsync(CancellationToken cancellationToken)
    {
        var fingerprint = fingerprintOf();
        var redis = cluster.RedisConfiguration();
        try
        {
            _redis = await ConnectionMultiplexer.ConnectAsync(redis);
            var board = new ClusterSettingsBoard(_redis, clusterId);
            // Published before reading: of two nodes starting together with different settings, each sees the other and neither joins.
            await board.PublishAsync(Node, fingerprint);
            var differing = (await board.ReadOthersAsync(Node))
                .Select(other => (Node: other.Key, Settings: ClusterSettingsFingerprint.Differences(fingerprint, other.Value).ToList()))
                .Where(other => other.Settings.Count > 0)
                .ToList();
            if (differing.Count > 0)
            {
                await board.RemoveAsync(Node);
                throw new ClusterJoinRefusedException(Refusal(differing.Select(other => other.Node), differing.SelectMany(other => other.Settings)));
            }

            _refreshing = RefreshAsync(board, fingerprint, _stop.Token);
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            await DisconnectAsync();
            // StackExchange.Redis' own message is a paragraph, and its advice (abortConnect=false) would not help here.
            var why = exception is RedisConnectionException connection ? connection.FailureType.ToString() : exception.GetType().Name;
            throw new ClusterJoinRefusedException(
                $"the membership Redis at {redis.ToString(includePassword: false)} cannot be used ({why}); check Cluster:Redis and Cluster:RedisPasswordFile. This node did not join.", exception);
        }
        catch (ClusterJoinRefusedException)
        {
            await DisconnectAsync();
            throw;
        }
    }

    private static string Refusal(IEnumerable<string> nodes, IEnumerable<string> settings) =>
        $"its cluster settings differ from the running node(s) {string.Join(", ", nodes.Order(StringComparer.Ordinal))}: " +
        $"{string.Join(", ", settings.Distinct().Order(StringComparer.Ordinal))}. Every node of a cluster needs the same values; this node did not join. " +
        $"To change one on purpose, stop every node, then start them with the new value (a killed node counts as running for {ClusterSettingsBoard.EntryLifetime.TotalSeconds:0} s).";

    private async Task RefreshAsync(ClusterSettingsBoard board, IReadOnlyDictionary<string, string> fingerprint, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(RefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await board.PublishAsync(Node, fingerprint);
                }
                catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
                {
                    logger.LogWarning("Could not refresh this node's cluster settings in Redis (a node starting meanwhile is not compared with it): {Problem}", exception.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _refreshing;
        if (_redis is not null)
        {
            try
            {
                await new ClusterSettingsBoard(_redis, clusterId).RemoveAsync(Node);
            }
            catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
            {
                logger.LogWarning("Could not remove this node's cluster settings from Redis; they expire within {Seconds} s: {Problem}", ClusterSettingsBoard.EntryLifetime.TotalSeconds, exception.Message);
            }
        }

        await DisconnectAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync();
        _stop.Dispose();
    }

    private async Task DisconnectAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
            _redis = null;
        }
    }
}
