using System.Diagnostics;
using Coordination.Silo.Tests.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Reminders;
using Orleans.Runtime;

/// <summary>
/// The startup hook (<c>DOTNET_STARTUP_HOOKS</c>) that runs in a node process before its <c>Main</c>: when the host is
/// built it adds the shifted clock to the node's services, after the node's own, through the diagnostic event that
/// ASP.NET Core's WebApplicationFactory uses for the same purpose. Without the clock's file it does nothing.
/// </summary>
#pragma warning disable CA1050 // the runtime looks for a type named StartupHook in the global namespace
internal static class StartupHook
#pragma warning restore CA1050
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(ShiftedClock.FileVariable) is { Length: > 0 } file)
        {
            DiagnosticListener.AllListeners.Subscribe(new HostBuilding(new ShiftedClock.Shifted(file)));
        }
    }

    private static readonly string[] RealTimeAreas =
    [
        TimeProviderNames.Grains, TimeProviderNames.Messaging, TimeProviderNames.SystemTimers, TimeProviderNames.Membership,
        TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory, Orleans.Streams.StreamingTimeProviderNames.Streaming,
    ];

    private sealed class HostBuilding(TimeProvider clock) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == "Microsoft.Extensions.Hosting")
            {
                listener.Subscribe(this);
            }
        }

        public void OnNext(KeyValuePair<string, object?> hostEvent)
        {
            if (hostEvent is { Key: "HostBuilding", Value: IHostBuilder host })
            {
                host.ConfigureServices(services =>
                {
                    services.AddSingleton(clock);
                    services.AddKeyedSingleton(ReminderTimeProviderNames.Reminders, clock);
                    // Orleans' own clocks stay real, as in TestNode.UseFakeClock: membership on a shifted clock declares
                    // its silo dead (the Redis table stamps rows on the real one).
                    services.AddKeyedSingleton(KeyedService.AnyKey, TimeProvider.System);
                    foreach (var area in RealTimeAreas)
                    {
                        services.AddKeyedSingleton(area, TimeProvider.System);
                    }
                });
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
