using Coordination.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;

namespace Coordination.Silo.Reminders;

/// <summary>Makes <see cref="SqliteReminderTable"/> the silo's reminder table, in the shape of Orleans' <c>UseAdoNetReminderService</c>.</summary>
public static class SqliteReminderServiceExtensions
{
    /// <summary>Adds reminders to the silo, kept in a SQLite file.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Sets the options; unset ones keep their documented defaults.</param>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, Action<SqliteReminderTableOptions>? configure = null) =>
        builder.ConfigureServices(services => services.UseSqliteReminderService(configure));

    /// <summary>Adds reminders to the silo's services, kept in a SQLite file.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="configure">Sets the options; unset ones keep their documented defaults.</param>
    public static IServiceCollection UseSqliteReminderService(this IServiceCollection services, Action<SqliteReminderTableOptions>? configure = null)
    {
        services.AddReminders();
        var options = services.AddOptions<SqliteReminderTableOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<SqliteDatabases>();
        services.AddSingleton<IReminderTable>(provider =>
            new SqliteReminderTable(provider.GetRequiredService<IOptions<SqliteReminderTableOptions>>(), provider.GetRequiredService<SqliteDatabases>()));
        services.AddSingleton<IConfigurationValidator, SqliteReminderTableOptionsValidator>();
        return services;
    }
}
