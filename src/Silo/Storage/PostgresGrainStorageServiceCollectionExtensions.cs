using Coordination.Silo.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Coordination.Silo.Storage;

/// <summary>Registers <see cref="PostgresGrainStorage"/> providers, in the shape of Orleans' own <c>AddAdoNetGrainStorage</c>.</summary>
public static class PostgresGrainStorageServiceCollectionExtensions
{
    /// <summary>Adds a PostgreSQL grain storage as the default provider (the one a bare <c>[PersistentState("name")]</c> uses).</summary>
    public static IServiceCollection AddPostgresGrainStorageAsDefault(this IServiceCollection services, Action<PostgresGrainStorageOptions>? configure = null) =>
        services.AddPostgresGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>Adds a PostgreSQL grain storage under <paramref name="name"/>.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="name">The provider name grains ask for in <c>[PersistentState(stateName, name)]</c>.</param>
    /// <param name="configure">Sets the options; <see cref="PostgresGrainStorageOptions.ConnectionString"/> is required, the others keep their documented defaults.</param>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, string name, Action<PostgresGrainStorageOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var options = services.AddOptions<PostgresGrainStorageOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddTransient<IPostConfigureOptions<PostgresGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<PostgresGrainStorageOptions>>();
        services.AddTransient<IConfigurationValidator>(provider =>
            new PostgresGrainStorageOptionsValidator(provider.GetRequiredService<IOptionsMonitor<PostgresGrainStorageOptions>>().Get(name), name));
        services.TryAddSingleton<PostgresDataSources>();
        return services.AddGrainStorage(name, Create);
    }

    private static PostgresGrainStorage Create(IServiceProvider services, string name) =>
        new(name,
            services.GetRequiredService<IOptionsMonitor<PostgresGrainStorageOptions>>().Get(name),
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            services.GetRequiredService<PostgresDataSources>(),
            services.GetRequiredService<IActivatorProvider>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILogger<PostgresGrainStorage>>());
}
