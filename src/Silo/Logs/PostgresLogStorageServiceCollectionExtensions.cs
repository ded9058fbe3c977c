using Coordination.Silo.Schema;
using Coordination.Grains.Journals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Coordination.Silo.Logs;

/// <summary>Registers <see cref="PostgresLogStorage"/> as the node's <see cref="ILogStorage"/>.</summary>
public static class PostgresLogStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds the PostgreSQL log storage as the singleton <see cref="ILogStorage"/>. It connects on first use, checking
    /// that the database holds <c>log_entries</c> (deploy/sql/postgres), and commits what is queued when the service
    /// provider is disposed. Invalid options fail the host's start (and the first resolve)
    /// with an <see cref="OptionsValidationException"/> naming the setting.
    /// </summary>
    /// <param name="services">The node's services.</param>
    /// <param name="configure">Sets the options; <see cref="PostgresLogStorageOptions.ConnectionString"/> is required, the others keep their documented defaults.</param>
    public static IServiceCollection AddPostgresLogStorage(this IServiceCollection services, Action<PostgresLogStorageOptions>? configure = null)
    {
        var options = services.AddOptions<PostgresLogStorageOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresLogStorageOptions>, PostgresLogStorageOptionsValidator>());
        services.TryAddSingleton<PostgresDataSources>();
        services.TryAddSingleton<PostgresLogStorage>(provider => new PostgresLogStorage(
            provider.GetRequiredService<IOptions<PostgresLogStorageOptions>>().Value,
            provider.GetRequiredService<PostgresDataSources>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetService<ILoggerFactory>()?.CreateLogger<PostgresLogStorage>() ?? NullLogger<PostgresLogStorage>.Instance));
        services.TryAddSingleton<ILogStorage>(provider => provider.GetRequiredService<PostgresLogStorage>());
        return services;
    }
}
