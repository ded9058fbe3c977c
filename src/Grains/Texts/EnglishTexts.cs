using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Coordination.Grains.Texts;

/// <summary>
/// The pages' English texts (<c>wwwroot/ui/texts/common.en.json</c> and <c>problem.en.json</c>, embedded): the one
/// English wording of every alert and every refusal, which the pages fill in the browser and the server fills here for
/// readers of the API.
/// </summary>
internal static partial class EnglishTexts
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> All = new(() =>
        new[] { "common.en.json", "problem.en.json" }.SelectMany(Load).ToDictionary(StringComparer.Ordinal));

    /// <summary>The text of <paramref name="key"/>, or null.</summary>
    public static string? Find(string key) => All.Value.GetValueOrDefault(key);

    /// <summary>
    /// Fills each <c>{name}</c> of <paramref name="template"/> as the pages do (texts.js <c>wordedValues</c>): amounts
    /// (<c>amount</c>, <c>held</c>) in yuan, a value that has a text <c>{words}.{name}.{value}</c> in words, any other as
    /// given; <paramref name="special"/>, if it answers, first. A placeholder without a value stays.
    /// </summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> args, string words, Func<string, string, string?>? special = null)
    {
        return Placeholder().Replace(template, match => args.TryGetValue(match.Groups[1].Value, out var value) ? Word(match.Groups[1].Value, value) : match.Value).Trim();

        string Word(string name, string value) => special?.Invoke(name, value)
            ?? (name is "amount" or "held" ? Yuan(value) : Find($"{words}.{name}.{value}") ?? value);
    }

    /// <summary>Placeholder values as the texts take them: numbers invariant, dates as <c>yyyy-MM-dd</c>, times as <c>yyyy-MM-dd HH:mm</c>.</summary>
    public static IReadOnlyDictionary<string, string> Args((string Name, object? Value)[] args) =>
        args.ToDictionary(a => a.Name, a => a.Value switch
        {
            null => "",
            DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTimeOffset time => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
            var value => value.ToString() ?? "",
        }, StringComparer.Ordinal);

    /// <summary>An amount as the English page writes it.</summary>
    private static string Yuan(string amount) => decimal.Parse(amount, CultureInfo.InvariantCulture).ToString("N2", CultureInfo.InvariantCulture) + " yuan";

    private static IEnumerable<KeyValuePair<string, string>> Load(string name)
    {
        using var file = typeof(EnglishTexts).Assembly.GetManifestResourceStream($"Coordination.Grains.Texts.{name}")
            ?? throw new InvalidOperationException($"The English texts {name} are not embedded in Coordination.Grains.");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(file) ?? [];
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
