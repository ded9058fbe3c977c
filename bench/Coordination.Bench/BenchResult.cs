using System.Text;
using System.Text.Json;

namespace Coordination.Bench;

/// <summary>One scenario's outcome, printed as the single JSON line the benchmark contract asks for.</summary>
internal sealed class BenchResult(string scenario, string metric, string unit, double value, double baseline)
{
    private readonly List<(string Name, double Value)> _extra = [];

    /// <summary>Adds a field such as <c>p99_ms</c> or <c>bytes_per_activation</c>.</summary>
    public BenchResult With(string name, double value)
    {
        _extra.Add((name, value));
        return this;
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("scenario", scenario);
            json.WriteString("metric", metric);
            json.WriteNumber("value", Math.Round(value, 1));
            json.WriteString("unit", unit);
            json.WriteNumber("baseline", Math.Round(baseline, 1));
            json.WriteNumber("ratio", baseline > 0 ? Math.Round(value / baseline, 3) : 0);
            foreach (var (name, extra) in _extra)
            {
                json.WriteNumber(name, Math.Round(extra, 3));
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
