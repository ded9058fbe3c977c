using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coordination.Grains;
using Coordination.Grains.Deadlines;
using Coordination.Silo.Runtime;
using Microsoft.Extensions.Configuration;

namespace Coordination.Silo.Tests.Runtime;

public sealed class ClusterSettingsFingerprintTests
{
    private const string SigningKey = "a-signing-key-of-at-least-32-characters";
    private const string PostgresPassword = "postgres-password-7f3a";

    [Fact]
    public void SameSettings_GiveTheSameFingerprint()
    {
        Assert.Equal(Fingerprint(), Fingerprint());
    }

    [Fact]
    public void ChangedSigningKey_ChangesOnlyThatEntry()
    {
        var changed = Fingerprint(signingKey: "another-signing-key-of-at-least-32-characters");

        Assert.Equal(["Auth:SigningKey"], ClusterSettingsFingerprint.Differences(Fingerprint(), changed));
    }

    [Fact]
    public void Fingerprint_HoldsShortHashesOnly_NoSecretNorPostgresCredentials()
    {
        var fingerprint = Fingerprint();

        Assert.All(fingerprint.Values, hash => Assert.Matches("^[0-9a-f]{16}$", hash));
        var text = string.Join(' ', fingerprint.Select(entry => $"{entry.Key}={entry.Value}"));
        Assert.DoesNotContain(SigningKey, text);
        Assert.DoesNotContain(PostgresPassword, text);
    }

    [Fact]
    public void PostgresConnectionString_ComparesTheDatabase_NotTheCredentials()
    {
        var otherCredentials = Fingerprint(postgres: "Host=db.example;Port=5432;Database=coordination;Username=node2;Password=another");
        var otherDatabase = Fingerprint(postgres: $"Host=db.example;Port=5432;Database=coordination_test;Username=node1;Password={PostgresPassword}");

        Assert.Empty(ClusterSettingsFingerprint.Differences(Fingerprint(), otherCredentials));
        Assert.Equal(["Storage:PostgresConnectionString"], ClusterSettingsFingerprint.Differences(Fingerprint(), otherDatabase));
    }

    [Fact]
    public void BridgeSettings_AreComparedBetweenNodesRunningTheBridge_Only()
    {
        var otherSlots = Fingerprint(extra: new() { ["DeviceBridge:Slots"] = "3" });
        var noBridge = Fingerprint(extra: new() { ["DeviceBridge:Enabled"] = "false", ["DeviceBridge:Slots"] = "1" });

        Assert.Equal(["DeviceBridge:Slots"], ClusterSettingsFingerprint.Differences(Fingerprint(), otherSlots));
        Assert.Empty(ClusterSettingsFingerprint.Differences(Fingerprint(), noBridge));
    }

    [Fact]
    public void CourtWithAnotherTimeZone_DiffersInCourtsOnly()
    {
        var otherTimeZone = Fingerprint(extra: new() { ["Courts:0:TimeZone"] = "Asia/Urumqi" });

        Assert.Equal(["Courts"], ClusterSettingsFingerprint.Differences(Fingerprint(), otherTimeZone));
    }

    [Fact]
    public void CourtRulesFile_IsComparedByTheRulesItHolds_NotByItsPath()
    {
        var rules = JsonSerializer.Serialize(DeadlineRuleSet.Default, GrainsJsonContext.Default.DeadlineRuleSet);
        var here = Path.GetTempFileName();
        var there = Path.GetTempFileName();
        try
        {
            File.WriteAllText(here, rules);
            File.WriteAllText(there, JsonNode.Parse(rules)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

            Assert.Empty(ClusterSettingsFingerprint.Differences(
                Fingerprint(extra: new() { ["Courts:0:RulesFile"] = here }), Fingerprint(extra: new() { ["Courts:0:RulesFile"] = there })));
        }
        finally
        {
            File.Delete(here);
            File.Delete(there);
        }
    }

    private static SortedDictionary<string, string> Fingerprint(
        string signingKey = SigningKey, string postgres = $"Host=db.example;Port=5432;Database=coordination;Username=node1;Password={PostgresPassword}",
        Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:PostgresConnectionString"] = postgres,
            ["Orleans:ServiceId"] = "coordination",
            ["DeviceBridge:Slots"] = "2",
            ["Courts:0:Id"] = "SH01",
            ["Courts:0:Name"] = "上海市黄浦区人民法院",
            ["Courts:0:TimeZone"] = "Asia/Shanghai",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return ClusterSettingsFingerprint.Of(configuration, Encoding.UTF8.GetBytes(signingKey));
    }
}
