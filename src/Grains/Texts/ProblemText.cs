using System.Text.Json.Serialization;

namespace Coordination.Grains.Texts;

/// <summary>
/// Why a request was refused, in the pages' texts: the key <c>problem.{Key}</c> of <c>wwwroot/ui/texts/problem.*.json</c>
/// and its values. The API sends it beside the English (<see cref="English"/>), so that each page words it in its own
/// language.
/// </summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Texts.ProblemText")]
public sealed record ProblemText([property: Id(0)] string Key, [property: Id(1)] IReadOnlyDictionary<string, string> Args)
{
    /// <summary>
    /// The English wording: values named like a word of the texts (<c>problem.{name}.{value}</c>) in words, amounts
    /// (<c>amount</c>, <c>held</c>) in yuan; the key itself if the texts lack it (a test checks every key the code sends).
    /// </summary>
    [JsonIgnore]
    public string English => EnglishTexts.Find($"problem.{Key}") is { } template
        ? EnglishTexts.Fill(template, Args, "problem")
        : Key;

    /// <summary>The text <paramref name="key"/> with <paramref name="args"/>: numbers invariant, dates as <c>yyyy-MM-dd</c>, times as <c>yyyy-MM-dd HH:mm</c>.</summary>
    public static ProblemText Of(string key, params (string Name, object? Value)[] args) => new(key, EnglishTexts.Args(args));

    /// <inheritdoc/>
    public override string ToString() => English;
}

/// <summary>An exception whose reason the pages word in their own language; its message is the English.</summary>
public interface IHasProblemText
{
    /// <summary>Why, as a text of the pages.</summary>
    ProblemText Reason { get; }
}
