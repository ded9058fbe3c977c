using System.Collections.Frozen;
using Coordination.Grains.Courts;
using Coordination.Grains.FieldTeams;

namespace Coordination.Grains.Devices;

/// <summary>
/// The deployment's devices, from the configured field teams: lets the bridge turn away unknown devices and devices
/// publishing under another court without calling any grain. Immutable; safe for concurrent use.
/// </summary>
public sealed class DeviceDirectory
{
    private readonly FrozenDictionary<string, DeviceRegistration> _devices;
    private readonly FrozenDictionary<string, DeviceRegistration>.AlternateLookup<ReadOnlySpan<char>> _byName;
    private readonly FrozenDictionary<string, string> _teamCourts;

    /// <summary>Builds the directory; throws <see cref="InvalidOperationException"/> naming the setting on a duplicate id, unknown court or bad kind.</summary>
    public DeviceDirectory(IReadOnlyList<FieldTeamOptions> teams, CourtDirectory courts)
    {
        var devices = new Dictionary<string, DeviceRegistration>(StringComparer.Ordinal);
        var teamIds = new HashSet<string>(StringComparer.Ordinal);
        for (var t = 0; t < teams.Count; t++)
        {
            var team = teams[t];
            Require(!string.IsNullOrWhiteSpace(team.Id) && teamIds.Add(team.Id), $"FieldTeams:{t}:Id must be set and unique (was '{team.Id}').");
            Require(courts.Contains(team.CourtId), $"FieldTeams:{t}:CourtId '{team.CourtId}' is not a configured court.");
            for (var d = 0; d < team.Devices.Count; d++)
            {
                var device = team.Devices[d];
                Require(IsTopicLevel(device.Id), $"FieldTeams:{t}:Devices:{d}:Id must be set, without '/', '+' or '#' (was '{device.Id}').");
                Require(Enum.IsDefined(device.Kind), $"FieldTeams:{t}:Devices:{d}:Kind must be GpsTracker or BodyCamera.");
                Require(devices.TryAdd(device.Id, new DeviceRegistration(device.Id, team.CourtId, team.Id, device.Kind)),
                    $"FieldTeams:{t}:Devices:{d}:Id '{device.Id}' is used twice.");
            }
        }

        _devices = devices.ToFrozenDictionary(StringComparer.Ordinal);
        _byName = _devices.GetAlternateLookup<ReadOnlySpan<char>>();
        Teams = teams;
        _teamCourts = teams.ToFrozenDictionary(t => t.Id, t => t.CourtId, StringComparer.Ordinal);
    }

    /// <summary>The configured teams.</summary>
    public IReadOnlyList<FieldTeamOptions> Teams { get; }

    /// <summary>Every registered device.</summary>
    public IEnumerable<DeviceRegistration> Devices => _devices.Values;

    /// <summary>The device's registration, looked up without allocating.</summary>
    public bool TryGet(ReadOnlySpan<char> deviceId, out DeviceRegistration registration) => _byName.TryGetValue(deviceId, out registration!);

    /// <summary>The court of a configured team, or null.</summary>
    public string? CourtOfTeam(string teamId) => _teamCourts.GetValueOrDefault(teamId);

    private static bool IsTopicLevel(string value) => !string.IsNullOrWhiteSpace(value) && value.AsSpan().IndexOfAny("/+#") < 0;

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
