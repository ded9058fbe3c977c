using System.Security.Cryptography;
using System.Text;

namespace Coordination.Gateway.Entrustment;

/// <summary>
/// How server-to-server requests are signed: HMAC-SHA256 with the peers' shared secret over the method, the path and
/// query, the timestamp (Unix seconds), a nonce and the SHA-256 of the body, one per line.
/// </summary>
public static class PeerSignature
{
    /// <summary>Names the shared secret.</summary>
    public const string KeyHeader = "X-Coordination-Key";

    /// <summary>Unix seconds when the request was signed.</summary>
    public const string TimestampHeader = "X-Coordination-Timestamp";

    /// <summary>A random value never used twice.</summary>
    public const string NonceHeader = "X-Coordination-Nonce";

    /// <summary>SHA-256 of the body, lower-case hex.</summary>
    public const string DigestHeader = "X-Coordination-Content-SHA256";

    /// <summary>Base64 HMAC-SHA256 of the canonical request.</summary>
    public const string SignatureHeader = "X-Coordination-Signature";

    /// <summary>Every header a signed request carries.</summary>
    public static readonly string[] Headers = [KeyHeader, TimestampHeader, NonceHeader, DigestHeader, SignatureHeader];

    /// <summary>SHA-256 of a body as lower-case hex.</summary>
    public static string Digest(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>The signature of a request.</summary>
    public static string Sign(byte[] secret, string method, string pathAndQuery, string timestamp, string nonce, string digest) =>
        Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{method.ToUpperInvariant()}\n{pathAndQuery}\n{timestamp}\n{nonce}\n{digest}")));

    /// <summary>Whether <paramref name="signature"/> is the request's signature (compared in constant time).</summary>
    public static bool Verify(byte[] secret, string method, string pathAndQuery, string timestamp, string nonce, string digest, string signature)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(secret, method, pathAndQuery, timestamp, nonce, digest));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    /// <summary>Adds the signature headers for <paramref name="body"/> to a request.</summary>
    public static void Apply(HttpRequestMessage request, string keyId, byte[] secret, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var digest = Digest(body);
        request.Headers.Add(KeyHeader, keyId);
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(NonceHeader, nonce);
        request.Headers.Add(DigestHeader, digest);
        request.Headers.Add(SignatureHeader, Sign(secret, request.Method.Method, request.RequestUri!.PathAndQuery, timestamp, nonce, digest));
    }
}
