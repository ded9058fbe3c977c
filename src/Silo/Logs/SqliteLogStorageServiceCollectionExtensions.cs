using Coordination.Grains.Journals;
using Coordination.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Coordination.Silo.Logs;

/// <summary>Registers <see cref="SqliteLogStorage"/> as the node's <see cref="ILogStorage"/>.</summary>
public static class SqliteLogStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds the SQLite log storage as the singleton <see cref="ILogStorage"/>. It opens its file on first use (through
    /// the same <c>SqliteDatabases</c> as the SQLite grain storage and reminder table, so on one file they share one
    /// writer and its group commits) and releases it when the service provider is disposed. Invalid options fail the
    /// host's start (and the first resolve) with an <see cref="OptionsValidationException"/> naming the setting.
    /// </summary>
    /// <param name="services">The node's services.</param>
    /// <param name="configure">Sets the options; unset ones keep their documented defaults.</param>
    public static IServiceCollection AddSqliteLogStorage(this IServiceCollection services, Action<SqliteLogStorageOptions>? configure = null)
    {
        var options = services.AddOptions<SqliteLogStorageOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteLogStorageOptions>, SqliteLogStorageOptionsValidator>());
        services.TryAddSingleton<SqliteDatabases>();
        services.TryAddSingleton<SqliteLogStorage>(provider => new SqliteLogStorage(
            provider.GetRequiredService<IOptions<SqliteLogStorageOptions>>().Value,
            provider.GetRequiredService<SqliteDatabases>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetService<ILoggerFactory>()?.CreateLogger<SqliteLogStorage>() ?? NullLogger<SqliteLogStorage>.Instance));
        services.TryAddSingleton<ILogStorage>(provider => provider.GetRequiredService<SqliteLogStorage>());
        return services;
    }
}
