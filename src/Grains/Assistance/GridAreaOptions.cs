using Coordination.Grains.Geography;

namespace Coordination.Grains.Assistance;

/// <summary>A grid (网格) with its grid worker (<c>GridAreas:N</c>).</summary>
public sealed class GridAreaOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "GridAreas";

    /// <summary>Area id, e.g. <c>SH01-NJDL</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>The court whose judges' requests it answers.</summary>
    public string CourtId { get; set; } = "";

    /// <summary>Its name, e.g. 南京东路街道.</summary>
    public string Name { get; set; } = "";

    /// <summary>The grid worker's user id (a user with the <c>grid-worker</c> role).</summary>
    public string WorkerId { get; set; } = "";

    /// <summary>The area as a polygon ring.</summary>
    public List<GeoPointSetting> Area { get; set; } = [];

    /// <summary>Days the grid worker has to answer. Default 7.</summary>
    public int ResponseDays { get; set; } = 7;
}
