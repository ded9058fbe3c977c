using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Orleans;
using Coordination.Gateway.Access;
using Coordination.Gateway.Errors;
using Coordination.Grains;
using Coordination.Grains.Courts;
using Coordination.Grains.Entrustment;
using Coordination.Grains.Texts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Coordination.Gateway.Entrustment;

/// <summary>
/// Where peers deliver entrustment messages. No user token: the request must carry a valid HMAC-SHA256 signature by a
/// configured peer's key, a timestamp within 5 minutes, a nonce never seen before and the body's digest; the sending
/// court must be one the peer serves. Each message id is handled once; a repeat gets the first answer.
/// </summary>
public static class PeerInboxApi
{
    /// <summary>Where peers deliver messages.</summary>
    public const string Path = "/peer/entrustment-messages";

    /// <summary>Largest message accepted.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Maps <c>POST /peer/entrustment-messages</c>.</summary>
    public static IEndpointRouteBuilder MapPeerInboxApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, Receive).AllowAnonymous().WithMetadata(new SignedRequest(AccessOpenApi.PeerScheme)).WithTags("Peers").WithName("ReceivePeerMessage")
            .WithSummary("A signed entrustment message from another court's deployment (HMAC-SHA256; see the README).")
            .RequireRateLimiting(RateLimits.PeerPolicy);
        return app;
    }

    private static async Task<Results<Ok<PeerReceipt>, ProblemHttpResult>> Receive(HttpContext http, PeerDirectory peers, CourtDirectory courts, IGrainFactory grains, TimeProvider time)
    {
        var headers = http.Request.Headers;
        var missing = PeerSignature.Headers.Where(h => string.IsNullOrEmpty(headers[h])).ToList();
        if (missing.Count > 0)
        {
            return Unsigned(ProblemText.Of("entrust.missingHeaders", ("headers", string.Join(", ", missing))));
        }

        var (keyId, timestamp, nonce, digest, signature) = (headers[PeerSignature.KeyHeader].ToString(), headers[PeerSignature.TimestampHeader].ToString(),
            headers[PeerSignature.NonceHeader].ToString(), headers[PeerSignature.DigestHeader].ToString(), headers[PeerSignature.SignatureHeader].ToString());
        if (peers.ForKey(keyId) is not { } peer)
        {
            return Unsigned(ProblemText.Of("entrust.unknownKey", ("keyId", keyId)));
        }

        if (!long.TryParse(timestamp, out var seconds) || seconds is < 0 or > 253_402_300_799)
        {
            return Unsigned(ProblemText.Of("entrust.timestamp"));
        }

        var skew = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (skew.Duration() > PeerNonceGrain.MaxSkew)
        {
            return Unsigned(ProblemText.Of("entrust.staleTimestamp", ("seconds", skew.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)),
                ("minutes", PeerNonceGrain.MaxSkew.TotalMinutes.ToString("0", CultureInfo.InvariantCulture))));
        }

        if (await ReadBodyAsync(http.Request) is not { } body)
        {
            return WordedProblem.Result(StatusCodes.Status413PayloadTooLarge, ProblemText.Of("entrust.title.tooLarge"),
                ProblemText.Of("entrust.maxBytes", ("max", MaxBodyBytes.ToString("N0", CultureInfo.InvariantCulture))));
        }

        if (PeerSignature.Digest(body) != digest)
        {
            return Unsigned(ProblemText.Of("entrust.digest"));
        }

        var path = $"{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}";
        if (!PeerSignature.Verify(peers.SecretOf(peer.Id), http.Request.Method, path, timestamp, nonce, digest, signature))
        {
            return Unsigned(ProblemText.Of("entrust.signature"));
        }

        if (nonce.Length > 128 || !await grains.GetGrain<IPeerNonceGrain>(peer.Id).TryUse(nonce))
        {
            return Unsigned(ProblemText.Of("entrust.nonceReused"));
        }

        var message = JsonSerializer.Deserialize(body, GrainsJsonContext.Default.EntrustmentMessage) ?? throw new JsonException("The body is empty.");
        EntrustmentRules.Validate(message);
        if (!peer.Courts.Contains(message.FromCourt) || !courts.Contains(message.ToCourt))
        {
            return WordedProblem.Result(StatusCodes.Status403Forbidden, ProblemText.Of("entrust.title.notYourCourt"),
                ProblemText.Of("entrust.notYourCourt", ("peer", peer.Id), ("peerCourts", string.Join(", ", peer.Courts)), ("courts", string.Join(", ", courts.CourtIds))));
        }

        return TypedResults.Ok(await grains.GetGrain<IPeerInboxGrain>($"{peer.Id}/{message.MessageId}").Receive(peer.Id, digest, message));
    }

    private static ProblemHttpResult Unsigned(ProblemText reason) =>
        WordedProblem.Result(StatusCodes.Status401Unauthorized, ProblemText.Of("entrust.title.unsigned"), reason);

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.Buffer.Length > MaxBodyBytes)
            {
                return null;
            }

            if (result.IsCompleted)
            {
                var body = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return body;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
