using Coordination.Grains.Texts;

namespace Coordination.Grains.Validation;

/// <summary>
/// Input that is wrong field by field: <see cref="Texts"/> maps field names (camelCase paths) to what is wrong, as texts
/// of the pages, and <see cref="Errors"/> to the same in English.
/// </summary>
[GenerateSerializer, Alias("Coordination.Grains.Validation.InputValidationException")]
public sealed class InputValidationException(IReadOnlyDictionary<string, ProblemText[]> texts)
    : ArgumentException("Invalid input: " + string.Join("; ", texts.Select(e => $"{e.Key}: {string.Join(" ", e.Value.Select(t => t.English))}")))
{
    /// <summary>What is wrong, per field, as texts of the pages.</summary>
    [Id(0)]
    public IReadOnlyDictionary<string, ProblemText[]> Texts { get; } = texts;

    /// <summary>What is wrong, per field, in English.</summary>
    public IReadOnlyDictionary<string, string[]> Errors => English(Texts);

    /// <summary>Field errors given as texts, in English.</summary>
    public static Dictionary<string, string[]> English(IReadOnlyDictionary<string, ProblemText[]> texts) =>
        texts.ToDictionary(e => e.Key, e => e.Value.Select(t => t.English).ToArray());

    /// <summary>One thing wrong with one field.</summary>
    public static InputValidationException For(string field, string key, params (string Name, object? Value)[] args) =>
        new(new Dictionary<string, ProblemText[]> { [field] = [ProblemText.Of(key, args)] });
}
