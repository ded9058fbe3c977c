using System.Buffers;

namespace Coordination.Grains.Devices;

/// <summary>A body-camera recording's metadata: the file stays on the evidence store, its hash goes into the case record.</summary>
/// <param name="FileId">The camera's id of the file.</param>
/// <param name="Sha256">SHA-256 of the file, 64 hex characters.</param>
/// <param name="SizeBytes">File size.</param>
/// <param name="StartedAt">Recording start.</param>
/// <param name="EndedAt">Recording end.</param>
/// <param name="Latitude">Where it was recorded, if known.</param>
/// <param name="Longitude">Where it was recorded, if known.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Devices.EvidenceFile")]
public sealed record EvidenceFile([Id(0)] string FileId, [Id(1)] string Sha256, [Id(2)] long SizeBytes, [Id(3)] DateTimeOffset StartedAt, [Id(4)] DateTimeOffset EndedAt, [Id(5)] double? Latitude, [Id(6)] double? Longitude)
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Whether <paramref name="value"/> looks like a SHA-256 in hex.</summary>
    public static bool IsSha256(string? value) => value is { Length: 64 } && value.AsSpan().IndexOfAnyExcept(HexDigits) < 0;
}
