using System.Text.Json;

namespace Coordination.Grains.Deadlines;

/// <summary>Reads and checks a court's deadline rule file (the JSON shape of <see cref="DeadlineRuleSet"/>).</summary>
public static class DeadlineRuleFile
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">The file is not a valid rule set; the message says what is wrong.</exception>
    public static DeadlineRuleSet Load(string path)
    {
        DeadlineRuleSet? rules;
        try
        {
            rules = JsonSerializer.Deserialize(File.ReadAllText(path), GrainsJsonContext.Default.DeadlineRuleSet);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"not valid JSON for a rule set ({exception.Message})", exception);
        }

        return Validate(rules ?? throw new FormatException("the file holds no rule set"));
    }

    /// <summary>Checks every rule the lifecycle needs is present and every number is sensible.</summary>
    public static DeadlineRuleSet Validate(DeadlineRuleSet rules)
    {
        var missing = DeadlineRuleIds.All.Where(id => rules.Rules.All(r => r.Id != id)).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"rules missing: {string.Join(", ", missing)}");
        }

        var unknown = rules.Rules.Select(r => r.Id).Where(id => !DeadlineRuleIds.All.Contains(id)).ToList();
        if (unknown.Count > 0)
        {
            throw new FormatException($"unknown rules: {string.Join(", ", unknown)} (known: {string.Join(", ", DeadlineRuleIds.All)})");
        }

        if (rules.Rules.FirstOrDefault(r => r.Days < 0 || r.Months < 0 || r.LeadDays < 0) is { } bad)
        {
            throw new FormatException($"rule '{bad.Id}' has a negative length or lead");
        }

        if (rules.UpcomingLeadDays < 0 || rules.RenewalMarginDays < 0 || rules.ExtensionRequestMinDays < 0)
        {
            throw new FormatException("upcomingLeadDays, renewalMarginDays and extensionRequestMinDays must be 0 or more");
        }

        return rules;
    }
}
