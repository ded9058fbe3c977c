using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coordination.Grains.Cases;

/// <summary>
/// Compares two case states field by field, as they are stored (JSON), and names the first field that differs: fields
/// in declaration order, dictionary entries by key (their order does not matter), list items by position, numbers by value.
/// </summary>
internal static class CaseStateComparison
{
    private const int MaxValueLength = 200;

    /// <summary>The first field where <paramref name="stored"/> differs from <paramref name="record"/>; null if none does.</summary>
    public static (string Field, string Stored, string Record)? FirstDifference(CaseState stored, CaseState record) =>
        Compare("", JsonSerializer.SerializeToNode(stored, GrainsJsonContext.Default.CaseState), JsonSerializer.SerializeToNode(record, GrainsJsonContext.Default.CaseState));

    private static (string Field, string Stored, string Record)? Compare(string path, JsonNode? stored, JsonNode? record)
    {
        if (stored is JsonObject storedObject && record is JsonObject recordObject)
        {
            var names = storedObject.Select(p => p.Key).Concat(recordObject.Select(p => p.Key).Where(name => !storedObject.ContainsKey(name)));
            foreach (var name in names)
            {
                if (Compare(path.Length == 0 ? name : $"{path}.{name}", storedObject[name], recordObject[name]) is { } difference)
                {
                    return difference;
                }
            }

            return null;
        }

        if (stored is JsonArray storedArray && record is JsonArray recordArray)
        {
            for (var i = 0; i < Math.Max(storedArray.Count, recordArray.Count); i++)
            {
                if (Compare($"{path}[{i}]", i < storedArray.Count ? storedArray[i] : null, i < recordArray.Count ? recordArray[i] : null) is { } difference)
                {
                    return difference;
                }
            }

            return null;
        }

        return SameValue(stored, record) ? null : (path, Show(stored), Show(record));
    }

    // 100 and 100.00 are the same amount (decimals keep their scale through JSON).
    private static bool SameValue(JsonNode? stored, JsonNode? record) =>
        stored is JsonValue a && record is JsonValue b && a.GetValueKind() == JsonValueKind.Number && b.GetValueKind() == JsonValueKind.Number
        && a.TryGetValue<decimal>(out var x) && b.TryGetValue<decimal>(out var y)
            ? x == y
            : JsonNode.DeepEquals(stored, record);

    private static string Show(JsonNode? value)
    {
        var text = value switch
        {
            null => "nothing",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => value.ToJsonString(),
        };
        return text.Length <= MaxValueLength ? text : text[..MaxValueLength] + "…";
    }
}
