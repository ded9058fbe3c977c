namespace Coordination.Grains.Validation;

/// <summary>Input that is wrong field by field; <see cref="Errors"/> maps field names (camelCase paths) to what is wrong.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Validation.InputValidationException")]
public sealed class InputValidationException(IReadOnlyDictionary<string, string[]> errors)
    : ArgumentException("Invalid input: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    /// <summary>What is wrong, per field.</summary>
    [Id(0)]
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
