using System.Net;
using System.Net.Http.Headers;
using Coordination.Grains.Entrustment;

namespace Coordination.Gateway.Entrustment;

/// <summary>Delivers messages to a peer's <see cref="PeerInboxApi.Path"/>, signed; a refusal of the content is permanent, anything else is retried.</summary>
internal sealed class HttpPeerTransport(IHttpClientFactory clients, PeerDirectory peers, TimeProvider time) : IPeerTransport
{
    public const string ClientName = "peers";

    public async Task SendAsync(string peerId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var peer = peers.Get(peerId);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(peer.BaseUrl), PeerInboxApi.Path))
        {
            Content = new ReadOnlyMemoryContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        PeerSignature.Apply(request, peer.KeyId, peers.SecretOf(peerId), body.Span, time.GetUtcNow());
        using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            var permanent = response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                or HttpStatusCode.Conflict or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity;
            throw new PeerDeliveryException($"{peer.Id} answered {(int)response.StatusCode}: {detail}", permanent);
        }
    }
}
