using Orleans.Runtime;
using Coordination.Grains.Devices;
using Coordination.Grains.FieldTeams;
using Microsoft.Extensions.Hosting;

namespace Coordination.Grains.Hosting;

/// <summary>
/// On start, writes the configured field teams and devices into their grains (a grain whose setup is unchanged writes
/// nothing), so configuration is the one place devices are provisioned.
/// </summary>
internal sealed class FieldTeamProvisioning(IClusterClient client, DeviceDirectory directory) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(directory.Teams, parallel, async (team, _) =>
            await client.GetGrain<IFieldTeamGrain>(team.Id).Configure(new FieldTeamSetup(
                team.CourtId, team.Name ?? team.Id, [.. team.Members], [.. team.Devices.Select(d => new TeamDevice(d.Id, d.Kind))])));
        await Parallel.ForEachAsync(directory.Devices, parallel, async (device, _) => await client.GetGrain<IDeviceGrain>(device.DeviceId).Register(device));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
