using System.Text.Json.Nodes;

namespace Coordination.Pages.Tests;

/// <summary>The deployment's statutory rules (deploy/courts/deadline-rules.json) with one setting changed, for a node's <c>Courts:0:RulesFile</c>.</summary>
internal static class StatutoryRules
{
    /// <summary>Writes the rules with <paramref name="setting"/> set to <paramref name="value"/> as rules.json in <paramref name="folder"/>; returns the file's path.</summary>
    public static async Task<string> WriteAsync(string folder, string setting, int value)
    {
        var rules = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(MosquittoBroker.RepositoryRoot(), "deploy", "courts", "deadline-rules.json")))!;
        rules[setting] = value;
        var file = Path.Combine(folder, "rules.json");
        await File.WriteAllTextAsync(file, rules.ToJsonString());
        return file;
    }
}
