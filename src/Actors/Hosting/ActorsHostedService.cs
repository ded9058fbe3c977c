using Coordination.Actors.Reminders;
using Coordination.Actors.Runtime;
using Coordination.Actors.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coordination.Actors.Hosting;

/// <summary>
/// Starts storage (creating tables), loads reminders and starts housekeeping; on stop, lets running
/// calls finish, deactivates every grain, then drains the storage writer so no acknowledged write is lost.
/// Registered before the web server, it stops after it.
/// </summary>
internal sealed class ActorsHostedService(RelationalStore store, GrainRuntime runtime, ReminderService reminders, ILogger<ActorsHostedService> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.StartAsync(cancellationToken);
        runtime.AttachReminders(reminders);
        await reminders.StartAsync(cancellationToken);
        runtime.StartHousekeeping();
        logger.LogInformation("Actor runtime started on {Provider} storage at {Location}", store.Provider, store.Location);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await runtime.StopAsync();
        await store.DisposeAsync();
        logger.LogInformation("Actor runtime stopped");
    }
}
