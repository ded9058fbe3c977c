using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Coordination.DeviceBridge.Hosting;
using Coordination.Gateway.Auth;
using Coordination.Grains;
using Coordination.Grains.Deadlines;
using Npgsql;

namespace Coordination.Silo.Runtime;

/// <summary>
/// The settings every node of a cluster must share, each as a short hash of its value (setting name -> the first 16 hex
/// digits of a SHA-256): nodes differing in one of them would each be right alone and wrong together. Only the hashes
/// leave the node, never a value; the PostgreSQL entry hashes where the data is, not who logs in. Node-local settings
/// (ports, addresses, file paths, timeouts, limits, where Redis and the broker are reached) are left out: they may differ.
/// </summary>
internal static class ClusterSettingsFingerprint
{
    /// <summary>The fingerprint of <paramref name="configuration"/>, with the signing key the node's tokens are signed with (set or generated).</summary>
    public static SortedDictionary<string, string> Of(IConfiguration configuration, ReadOnlySpan<byte> signingKey)
    {
        var auth = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new();
        var silo = configuration.GetSection(NodeSiloOptions.SectionName).Get<NodeSiloOptions>() ?? new();
        var storage = configuration.GetSection(NodeStorageOptions.SectionName).Get<NodeStorageOptions>() ?? new();
        var fingerprint = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            // A token one node signs, another would refuse.
            ["Auth:SigningKey"] = Hash(signingKey),
            // Every node checks a token's issuer and audience against its own.
            ["Auth:Issuer"] = Hash(auth.Issuer),
            // One membership over two databases: a case filed through one node is missing on the other.
            ["Storage:PostgresConnectionString"] = Hash(DatabaseOf(storage.PostgresConnectionString)),
            // It keys grain state and reminders; Orleans keys its Redis membership by it too, so nodes differing in it
            // would form two clusters over one database, each with its own activation of every grain.
            ["Orleans:ServiceId"] = Hash(silo.ServiceId),
            // The period reminders are registered with: a grain would fire on another schedule after moving node.
            ["Orleans:ReminderPeriod"] = Hash(silo.ReminderPeriod.ToString("c", System.Globalization.CultureInfo.InvariantCulture)),
            // A case's deadlines, notices and trips follow its court's calendar and rules, wherever its grain lives.
            ["Courts"] = HashOfSection(configuration.GetSection("Courts")),
            // Provisioned into their grains on every start: each node would overwrite the others' teams and devices.
            ["FieldTeams"] = HashOfSection(configuration.GetSection("FieldTeams")),
            // Which grid worker answers a judge's request.
            ["GridAreas"] = HashOfSection(configuration.GetSection("GridAreas")),
            // Where an entrustment goes, and the secret that signs requests both ways.
            ["Peers"] = HashOfSection(configuration.GetSection("Peers")),
        };
        AddBridge(fingerprint, configuration.GetSection(DeviceBridgeOptions.SectionName).Get<DeviceBridgeOptions>() ?? new());
        return fingerprint;
    }

    /// <summary>
    /// The settings in which <paramref name="theirs"/> differs from <paramref name="ours"/>. A setting only one side has is
    /// not compared: a node without the bridge has no bridge settings, and a newer node may fingerprint more.
    /// </summary>
    public static IEnumerable<string> Differences(IReadOnlyDictionary<string, string> ours, IReadOnlyDictionary<string, string> theirs) =>
        ours.Where(entry => theirs.TryGetValue(entry.Key, out var value) && value != entry.Value).Select(entry => entry.Key);

    // Only nodes running the bridge share its slots, so a node without one has nothing to agree on.
    private static void AddBridge(SortedDictionary<string, string> fingerprint, DeviceBridgeOptions bridge)
    {
        if (!bridge.Enabled)
        {
            return;
        }

        // How many sessions the slot lease hands out: nodes counting differently would hold the same session twice, or none.
        fingerprint["DeviceBridge:Slots"] = Hash(bridge.Slots.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The slot lease's key and the sessions' client ids: nodes differing in it hold separate leases over one broker.
        fingerprint["DeviceBridge:ClientId"] = Hash(bridge.ClientId);
        // Bridges of one group split the device messages; in two groups every message is handled twice.
        fingerprint["DeviceBridge:SharedGroup"] = Hash(bridge.SharedGroup);
    }

    private static string DatabaseOf(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "";
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host?.ToLowerInvariant()}:{builder.Port}/{builder.Database}?{builder.SearchPath}";
    }

    /// <summary>
    /// A list section's every value, keys in order (configuration keys ignore case), with a file setting replaced by what
    /// the file holds: nodes may keep a court's rules or a peer's secret at different paths, not with different content.
    /// </summary>
    private static string HashOfSection(IConfigurationSection section)
    {
        var lines = section.AsEnumerable(makePathsRelative: true)
            .Where(entry => entry.Value is not null)
            .Select(entry => Resolve(entry.Key.ToLowerInvariant(), entry.Value!))
            .Order(StringComparer.Ordinal);
        return Hash(string.Join('\n', lines));
    }

    private static string Resolve(string key, string value) => key switch
    {
        _ when key.EndsWith(":rulesfile", StringComparison.Ordinal) && File.Exists(value) =>
            $"{key}={JsonSerializer.Serialize(DeadlineRuleFile.Load(value), GrainsJsonContext.Default.DeadlineRuleSet)}",
        _ when key.EndsWith(":secretfile", StringComparison.Ordinal) && File.Exists(value) => $"{key[..^"file".Length]}={File.ReadAllText(value).Trim()}",
        _ => $"{key}={value}",
    };

    private static string Hash(string value) => Hash(Encoding.UTF8.GetBytes(value));

    private static string Hash(ReadOnlySpan<byte> value) => Convert.ToHexStringLower(SHA256.HashData(value))[..16];
}
