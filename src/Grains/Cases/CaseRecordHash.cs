using System.Security.Cryptography;
using System.Text.Json;

namespace Coordination.Grains.Cases;

/// <summary>The hash chain of a case record.</summary>
public static class CaseRecordHash
{
    /// <summary>The previous hash of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>SHA-256 (lower-case hex) of the entry's JSON with its own hash left empty; the previous hash is part of it.</summary>
    public static string Compute(CaseRecordEntry entry)
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(entry with { Hash = "" }, GrainsJsonContext.Default.CaseRecordEntry);
        return Convert.ToHexStringLower(SHA256.HashData(content));
    }

    /// <summary>The entry with its hash filled in.</summary>
    public static CaseRecordEntry Seal(CaseRecordEntry entry) => entry with { Hash = Compute(entry) };
}
