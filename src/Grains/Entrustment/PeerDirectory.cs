using System.Text;
using Coordination.Grains.Courts;

namespace Coordination.Grains.Entrustment;

/// <summary>The configured peers with their secrets. Built once at start; safe for concurrent use.</summary>
public sealed class PeerDirectory
{
    private const int MinSecretLength = 32;
    private readonly Dictionary<string, (PeerOptions Options, byte[] Secret)> _byId = [];
    private readonly Dictionary<string, string> _byKeyId = [];
    private readonly Dictionary<string, string> _byCourt = [];

    /// <summary>Reads and checks the peers' settings.</summary>
    /// <exception cref="InvalidOperationException">A setting is wrong; the message names it.</exception>
    public PeerDirectory(IReadOnlyList<PeerOptions> peers, CourtDirectory courts)
    {
        for (var i = 0; i < peers.Count; i++)
        {
            var peer = peers[i];
            var setting = $"{PeerOptions.SectionName}:{i}";
            var secret = SecretOf(peer, setting);
            if (string.IsNullOrWhiteSpace(peer.Id) || !_byId.TryAdd(peer.Id, (peer, Encoding.UTF8.GetBytes(secret))))
            {
                throw new InvalidOperationException($"{setting}:Id must be set and unique (was '{peer.Id}').");
            }

            if (!Uri.TryCreate(peer.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException($"{setting}:BaseUrl must be an absolute http or https address (was '{peer.BaseUrl}').");
            }

            if (string.IsNullOrWhiteSpace(peer.KeyId) || !_byKeyId.TryAdd(peer.KeyId, peer.Id))
            {
                throw new InvalidOperationException($"{setting}:KeyId must be set and unique (was '{peer.KeyId}').");
            }

            if (peer.Courts.Count == 0)
            {
                throw new InvalidOperationException($"{setting}:Courts must name at least one court the peer serves.");
            }

            foreach (var court in peer.Courts)
            {
                if (courts.Contains(court) || !_byCourt.TryAdd(court, peer.Id))
                {
                    throw new InvalidOperationException($"{setting}:Courts: {court} is a court of this deployment or of another peer.");
                }
            }
        }
    }

    /// <summary>Every peer.</summary>
    public IEnumerable<PeerOptions> Peers => _byId.Values.Select(p => p.Options);

    /// <summary>The peer serving <paramref name="courtId"/>, or null.</summary>
    public PeerOptions? ForCourt(string courtId) => _byCourt.TryGetValue(courtId, out var id) ? _byId[id].Options : null;

    /// <summary>The peer using <paramref name="keyId"/>, or null.</summary>
    public PeerOptions? ForKey(string keyId) => _byKeyId.TryGetValue(keyId, out var id) ? _byId[id].Options : null;

    /// <summary>A peer by id.</summary>
    public PeerOptions Get(string peerId) => _byId[peerId].Options;

    /// <summary>The shared secret with a peer.</summary>
    public byte[] SecretOf(string peerId) => _byId[peerId].Secret;

    private static string SecretOf(PeerOptions peer, string setting)
    {
        string? secret;
        try
        {
            secret = Hosting.Secret.Read(peer.Secret, peer.SecretFile);
        }
        catch (FileNotFoundException)
        {
            throw new InvalidOperationException($"{setting}:SecretFile '{peer.SecretFile}' does not exist.");
        }

        return secret is { Length: >= MinSecretLength }
            ? secret
            : throw new InvalidOperationException($"{setting}: set Secret or SecretFile to a shared secret of at least {MinSecretLength} characters.");
    }
}
