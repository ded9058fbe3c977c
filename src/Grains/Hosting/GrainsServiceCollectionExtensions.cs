using Coordination.Grains.Devices.Commands;
using Coordination.Grains.Alerts;
using Coordination.Grains.Assistance;
using Coordination.Grains.Courts;
using Coordination.Grains.Devices;
using Coordination.Grains.Entrustment;
using Coordination.Grains.Notifications;
using Coordination.Grains.Trips;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.Hosting;

/// <summary>Adds the product's grains to a node.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the court directory (courts from the <c>Courts</c> configuration list, each with its deadline rules)
    /// and registers the grains' JSON metadata with the runtime. Bad court settings fail the start with the setting named.
    /// </summary>
    public static IServiceCollection AddCoordinationGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeploymentOptions>().Bind(configuration).ValidateOnStart();
        return services.AddCoordinationGrainsCore();
    }

    /// <summary>As <see cref="AddCoordinationGrains(IServiceCollection, IConfiguration)"/>, with the courts given in code (tests, tools).</summary>
    public static IServiceCollection AddCoordinationGrains(this IServiceCollection services, Action<DeploymentOptions> configure)
    {
        services.AddOptions<DeploymentOptions>().Configure(configure).ValidateOnStart();
        return services.AddCoordinationGrainsCore();
    }

    private static IServiceCollection AddCoordinationGrainsCore(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<DeploymentOptions>, DeploymentOptionsValidator>();
        services.AddSingleton(sp => new CourtDirectory(sp.GetRequiredService<IOptions<DeploymentOptions>>().Value.Courts));
        services.AddSingleton(sp => new GridDirectory(sp.GetRequiredService<IOptions<DeploymentOptions>>().Value.GridAreas, sp.GetRequiredService<CourtDirectory>()));
        services.AddSingleton(sp => new PeerDirectory(sp.GetRequiredService<IOptions<DeploymentOptions>>().Value.Peers, sp.GetRequiredService<CourtDirectory>()));
        services.AddSingleton(sp => new CourtAreas(sp.GetRequiredService<IOptions<DeploymentOptions>>().Value.Courts));
        services.AddSingleton(sp => new DeviceDirectory(sp.GetRequiredService<IOptions<DeploymentOptions>>().Value.FieldTeams, sp.GetRequiredService<CourtDirectory>()));
        services.AddHostedService<FieldTeamProvisioning>();
        services.AddSingleton<IOptions<NotificationOptions>>(sp => Options.Create(sp.GetRequiredService<IOptions<DeploymentOptions>>().Value.Notifications));
        services.TryAddSingleton<ISmsChannel, FileSmsChannel>();
        services.TryAddSingleton<IDeviceCommandChannel, NoDeviceBridgeChannel>();
        services.AddOptions<AlertLogOptions>().BindConfiguration("Alerts");
        services.AddSingleton<AlertLog>();
        services.AddHostedService<AlertRetention>();
        services.TryAddSingleton(ReminderCadence.Default);
        return services;
    }

    private sealed class DeploymentOptionsValidator : IValidateOptions<DeploymentOptions>
    {
        public ValidateOptionsResult Validate(string? name, DeploymentOptions options)
        {
            try
            {
                _ = new DeviceDirectory(options.FieldTeams, new CourtDirectory(options.Courts));
                _ = new CourtAreas(options.Courts);
                _ = new PeerDirectory(options.Peers, new CourtDirectory(options.Courts));
                _ = new GridDirectory(options.GridAreas, new CourtDirectory(options.Courts));
                if ((options.Notifications.Problem() ?? options.DeviceMonitoring.Commands.Problem()) is { } problem)
                {
                    return ValidateOptionsResult.Fail(problem);
                }

                if (options.DeviceMonitoring.SilentAfter < TimeSpan.FromMinutes(1) || options.DeviceMonitoring.LowBatteryPercent is < 0 or > 100)
                {
                    return ValidateOptionsResult.Fail("DeviceMonitoring:SilentAfter must be at least 00:01:00 and DeviceMonitoring:LowBatteryPercent between 0 and 100.");
                }

                return ValidateOptionsResult.Success;
            }
            catch (InvalidOperationException exception)
            {
                return ValidateOptionsResult.Fail(exception.Message);
            }
        }
    }
}
