using System.Net;
using Coordination.DeviceBridge.Hosting;
using Coordination.Grains.Alerts;
using Coordination.Grains.Hosting;
using Coordination.Silo.Files;
using Coordination.Silo.Logs;
using Coordination.Silo.Reminders;
using Coordination.Silo.Schema;
using Coordination.Silo.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;

namespace Coordination.Silo.Runtime;

/// <summary>
/// The node's Orleans silo, co-hosted with the gateway and the device bridge in one process: clustering, grain
/// storage, reminders, streams and the append-only logs, on SQLite (one file, the default) or PostgreSQL.
/// </summary>
internal static class NodeRuntime
{
    /// <summary>
    /// What a graceful stop leaves Orleans after the device bridge's drain: deactivating and writing the grains, and
    /// <see cref="NodeClusterOptions.StopForwardingDrain"/>. Measured 1.4 to 3.4 s per node on a quiet machine and up to
    /// 22 s under the rolling-restart test's load.
    /// </summary>
    internal static readonly TimeSpan SiloStop = TimeSpan.FromSeconds(30);

    public static WebApplicationBuilder AddNodeRuntime(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<NodeStorageOptions>().Bind(configuration.GetSection(NodeStorageOptions.SectionName)).ValidateOnStart();
        builder.Services.AddOptions<NodeSiloOptions>().Bind(configuration.GetSection(NodeSiloOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<NodeStorageOptions>, NodeStorageOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<NodeSiloOptions>, NodeSiloOptionsValidator>();
        builder.Services.AddOptions<NodeClusterOptions>().Bind(configuration.GetSection(NodeClusterOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<NodeClusterOptions>, NodeClusterOptionsValidator>();
        builder.Services.AddHostedService<NodeAnnouncement>();
        builder.Services.AddSingleton(TimeProvider.System);
        // A graceful stop runs the device bridge's drain first (it is registered after the silo, so it stops before it),
        // then Orleans' own stop; the host's default 30 s for both would cut the silo's stop short after a slow drain.
        // The bridge's settings as written: validating them here would fail the build, before the one-line start-up error.
        var bridge = ReadForComposition<DeviceBridgeOptions>(configuration.GetSection(DeviceBridgeOptions.SectionName));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = bridge.LongestStop + SiloStop);
        var storage = ReadForComposition<NodeStorageOptions>(configuration.GetSection(NodeStorageOptions.SectionName));
        var silo = ReadForComposition<NodeSiloOptions>(configuration.GetSection(NodeSiloOptions.SectionName));
        var cluster = ReadForComposition<NodeClusterOptions>(configuration.GetSection(NodeClusterOptions.SectionName));
        builder.UseOrleans(orleans => orleans.ConfigureNodeSilo(storage, silo, cluster));
        NodeLogging.FilterOrleansNoise(builder.Logging);
        return builder;
    }

    /// <summary>
    /// A section's settings for composing the silo. A value the binder cannot convert leaves the defaults here: the
    /// options' validation at start binds the section again and stops the node with one line naming the setting, as
    /// any other bad setting does (thrown here, it would end the process with a stack trace instead).
    /// </summary>
    private static T ReadForComposition<T>(IConfigurationSection section) where T : new()
    {
        try
        {
            return section.Get<T>() ?? new();
        }
        catch (InvalidOperationException)
        {
            return new();
        }
    }

    /// <summary>The node's silo: its clustering (a single node on localhost, or membership in Redis) and <see cref="AddNodeServices"/>.</summary>
    public static ISiloBuilder ConfigureNodeSilo(this ISiloBuilder silo, NodeStorageOptions storage, NodeSiloOptions options, NodeClusterOptions? cluster = null)
    {
        if (cluster is { Mode: ClusterMode.Redis })
        {
            silo.UseRedisClustering(redis => redis.ConfigurationOptions = cluster.RedisConfiguration());
            silo.Configure<ClusterOptions>(ids =>
            {
                ids.ClusterId = options.ClusterId;
                ids.ServiceId = options.ServiceId;
            });
            // A killed node's grains answer elsewhere within about 2 s (probes every second, two missed) instead of 11-17 s.
            silo.Configure<ClusterMembershipOptions>(membership =>
            {
                membership.ProbeTimeout = cluster.ProbeTimeout;
                membership.NumMissedProbesLimit = cluster.NumMissedProbesLimit;
            });
            silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
            // Before the membership: a node whose shared settings differ from the running nodes' does not join them.
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(ClusterSettingsGate.Create);
            // On a graceful stop, the other nodes' calls on stale directory entries are forwarded for a while before the
            // silo refuses them (a single node has no other nodes, so it stops without the wait, and has no caches to clean).
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(StopForwardingDrain.Create);
            // Meanwhile the other nodes stop addressing calls to it from their directory caches (Orleans drops an entry only once its silo is Dead).
            silo.Configure<GrainDirectoryOptions>(directory => directory.CachingStrategy = GrainDirectoryOptions.CachingStrategyType.Custom);
            silo.Services.AddSingleton(LeavingSiloCacheEviction.Create);
            silo.Services.AddSingleton<Orleans.Runtime.GrainDirectory.IGrainDirectoryCache>(services => services.GetRequiredService<LeavingSiloCacheEviction>());
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<LeavingSiloCacheEviction>());
        }
        else
        {
            // A single node: localhost clustering, advertising 127.0.0.1 (without it Orleans advertises the machine's external address).
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
            silo.ConfigureEndpoints(IPAddress.Loopback, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
        }

        return silo.AddNodeServices(storage, options);
    }

    /// <summary>Everything but clustering: storage, reminders, streams, logs, timeouts. The tests' clusters call it too, so they run what production runs.</summary>
    public static ISiloBuilder AddNodeServices(this ISiloBuilder silo, NodeStorageOptions storage, NodeSiloOptions options)
    {
        silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = options.ResponseTimeout);
        silo.Configure<GrainCollectionOptions>(collection => collection.CollectionAge = options.CollectionAge);
        silo.Configure<ReminderOptions>(reminders => reminders.ReminderLoadingWindow = options.ReminderLoadingWindow);
        // Grain state in Orleans' own binary format, from the [GenerateSerializer] types (the default is Newtonsoft JSON).
        silo.Services.AddSingleton<Orleans.Storage.IGrainStorageSerializer, Orleans.Storage.OrleansGrainStorageSerializer>();
        silo.Configure<Orleans.Serialization.ExceptionSerializationOptions>(exceptions => exceptions.SupportedNamespacePrefixes.Add("Coordination"));

        if (storage.UsesPostgres)
        {
            silo.AddPostgresGrainStorageAsDefault(postgres =>
            {
                postgres.ConnectionString = storage.PostgresConnectionString!;
                postgres.MaxBatchSize = storage.MaxBatchSize;
                postgres.ConcurrentCommits = storage.PostgresConcurrentCommits;
            });
            silo.UseAdoNetReminderService(reminders =>
            {
                reminders.Invariant = "Npgsql";
                reminders.ConnectionString = PostgresDataSources.ForReminders(storage.PostgresConnectionString!);
            });
            silo.Services.AddPostgresLogStorage(logs => logs.ConnectionString = storage.PostgresConnectionString!);
            silo.Services.AddSingleton<Gateway.Health.IStorageHealth>(provider =>
                new PostgresStorageHealth(provider.GetRequiredService<PostgresDataSources>(), storage.PostgresConnectionString!));
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider =>
                new PostgresSchemaGate(provider.GetRequiredService<PostgresDataSources>(), storage.PostgresConnectionString!));
        }
        else
        {
            silo.AddSqliteGrainStorageAsDefault(sqlite =>
            {
                sqlite.DatabasePath = storage.SqlitePath;
                sqlite.MaxBatchSize = storage.MaxBatchSize;
            });
            silo.UseSqliteReminderService(reminders =>
            {
                reminders.DatabasePath = storage.SqlitePath;
                reminders.MaxBatchSize = storage.MaxBatchSize;
            });
            silo.Services.AddSqliteLogStorage(logs =>
            {
                logs.DatabasePath = storage.SqlitePath;
                logs.MaxBatchSize = storage.MaxBatchSize;
            });
            silo.Services.AddSingleton<Gateway.Health.IStorageHealth>(services => new SqliteStorageHealth(storage.SqlitePath, services.GetRequiredService<SqliteDatabases>()));
        }

        silo.Services.AddNodeFiles(storage);
        // Live fan-out in memory; subscriptions are in memory too, since live subscribers do not outlive the node. The
        // pulling agents look for new items every 10 ms rather than Orleans' 100 ms: a position or an alert reaches its
        // subscribers without waiting out most of a poll (the telemetry benchmark's latency; idle cost: 8 timers).
        silo.AddMemoryStreams(StreamNames.Provider, streams => streams.ConfigurePullingAgent(agent =>
            agent.Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(10))));
        silo.AddMemoryGrainStorage(StreamNames.PubSubStore);
        // The grains' reminder cadence; Orleans refuses periods below its minimum (1 minute), so a shorter cadence lowers it.
        silo.Services.TryAddSingleton(new ReminderCadence(options.ReminderPeriod));
        if (options.ReminderPeriod < TimeSpan.FromMinutes(1))
        {
            silo.Configure<ReminderOptions>(reminders => reminders.MinimumReminderPeriod = options.ReminderPeriod);
        }

        silo.AddDashboard();
        return silo;
    }
}
