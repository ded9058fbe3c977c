namespace Coordination.Grains.Entrustment;

/// <summary>Another deployment this one exchanges entrustments with (<c>Peers:N</c>). Both sides configure the same key id and secret.</summary>
public sealed class PeerOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Peers";

    /// <summary>Short name of the peer, e.g. <c>zhejiang</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>Where its gateway listens, e.g. <c>https://coordination.zjcourt.example:5080</c>.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Names the shared secret in every signed request, both ways.</summary>
    public string KeyId { get; set; } = "";

    /// <summary>The shared secret (at least 32 characters); or use <see cref="SecretFile"/>.</summary>
    public string? Secret { get; set; }

    /// <summary>A file holding the shared secret.</summary>
    public string? SecretFile { get; set; }

    /// <summary>The courts the peer serves: entrustments to them go to it, and it may only speak for them.</summary>
    public List<string> Courts { get; set; } = [];
}
