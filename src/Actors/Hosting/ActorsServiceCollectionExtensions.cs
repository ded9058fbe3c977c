using Coordination.Actors.Logs;
using Coordination.Actors.Reminders;
using Coordination.Actors.Runtime;
using Coordination.Actors.Storage;
using Coordination.Actors.Streams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Actors.Hosting;

/// <summary>Adds the actor runtime to a host.</summary>
public static class ActorsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runtime, its storage (SQLite unless <see cref="StorageOptions.PostgresConnectionString"/> is set),
    /// reminders, the in-memory and durable stream providers, and a hosted service that starts and stops them.
    /// Register <see cref="TimeProvider"/> before this call to replace the system clock.
    /// </summary>
    public static IServiceCollection AddActors(this IServiceCollection services, Action<ActorsOptions>? configure = null, Action<StorageOptions>? configureStorage = null)
    {
        var actors = services.AddOptions<ActorsOptions>().ValidateOnStart();
        var storage = services.AddOptions<StorageOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ActorsOptions>, ActorsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        if (configure is not null)
        {
            actors.Configure(configure);
        }

        if (configureStorage is not null)
        {
            storage.Configure(configureStorage);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => RelationalStore.Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredService<RelationalStore>());
        services.AddSingleton<IStorageHealth>(sp => sp.GetRequiredService<RelationalStore>());
        services.AddSingleton<ILogStorage>(sp => sp.GetRequiredService<RelationalStore>());
        services.AddSingleton(sp => new InMemoryStreamProvider(sp.GetRequiredService<IOptions<ActorsOptions>>().Value.Streams, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new DurableStreamProvider(
            sp.GetRequiredService<ILogStorage>(),
            sp.GetRequiredService<IOptions<ActorsOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new GrainRuntime(
            sp,
            sp.GetRequiredService<IOptions<ActorsOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            new GrainStorageRegistry(sp.GetRequiredService<IGrainStorage>()),
            new Dictionary<string, IStreamProvider>
            {
                [StreamProviderNames.Default] = sp.GetRequiredService<InMemoryStreamProvider>(),
                [StreamProviderNames.Durable] = sp.GetRequiredService<DurableStreamProvider>(),
            },
            sp.GetRequiredService<ILogger<GrainRuntime>>()));
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddSingleton(sp => new ReminderService(
            sp.GetRequiredService<RelationalStore>(),
            sp.GetRequiredService<GrainRuntime>(),
            sp.GetRequiredService<IOptions<ActorsOptions>>().Value.Reminders,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ReminderService>>()));
        services.AddHostedService<ActorsHostedService>();
        return services;
    }

    /// <summary>Adds the runtime with its settings bound from the <c>Actors</c> and <c>Storage</c> configuration sections.</summary>
    public static IServiceCollection AddActors(this IServiceCollection services, IConfiguration configuration, Action<ActorsOptions>? configure = null)
    {
        services.AddOptions<ActorsOptions>().Bind(configuration.GetSection(ActorsOptions.SectionName));
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName));
        return services.AddActors(configure);
    }
}
