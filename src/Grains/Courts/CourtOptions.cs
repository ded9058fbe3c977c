namespace Coordination.Grains.Courts;

/// <summary>The courts of this deployment. Bound from the <c>Courts</c> configuration section (a list).</summary>
public sealed class CourtOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Courts";

    /// <summary>Court id, e.g. <c>SH01</c>; appears in case numbers' owners, tokens and stream names.</summary>
    public string Id { get; set; } = "";

    /// <summary>The court's name, used to sign messages.</summary>
    public string Name { get; set; } = "";

    /// <summary>IANA time zone of the court's calendar. Default Asia/Shanghai.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>A JSON deadline rule file replacing the statutory defaults; relative paths resolve from the working directory. Default none.</summary>
    public string? RulesFile { get; set; }
}
