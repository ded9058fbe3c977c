using Coordination.DeviceBridge.Telemetry;
using Microsoft.Extensions.Configuration;
using Coordination.Grains.Devices.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Coordination.DeviceBridge.Hosting;

/// <summary>Adds the device bridge to a node.</summary>
public static class DeviceBridgeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the bridge, bound to the <c>DeviceBridge</c> section; register it after the grains, so it starts after them
    /// and stops before them. Bad settings stop the node at start with the setting named.
    /// </summary>
    public static IServiceCollection AddDeviceBridge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeviceBridgeOptions>().Bind(configuration.GetSection(DeviceBridgeOptions.SectionName)).ValidateOnStart();
        return services.AddDeviceBridgeCore();
    }

    /// <summary>As <see cref="AddDeviceBridge(IServiceCollection, IConfiguration)"/>, with options given in code (tests, benchmarks).</summary>
    public static IServiceCollection AddDeviceBridge(this IServiceCollection services, Action<DeviceBridgeOptions> configure)
    {
        services.AddOptions<DeviceBridgeOptions>().Configure(configure).ValidateOnStart();
        return services.AddDeviceBridgeCore();
    }

    private static IServiceCollection AddDeviceBridgeCore(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<IValidateOptions<DeviceBridgeOptions>, DeviceBridgeOptionsValidator>();
        services.AddSingleton<BridgeCounters>();
        services.AddSingleton<DeadLetterLog>();
        services.AddSingleton<DeviceBridgeService>();
        services.AddHostedService(sp => sp.GetRequiredService<DeviceBridgeService>());
        services.Replace(ServiceDescriptor.Singleton<IDeviceCommandChannel>(sp => sp.GetRequiredService<DeviceBridgeService>()));
        return services;
    }
}
