using Coordination.Grains.Texts;

namespace Coordination.Grains.Validation;

/// <summary>Collects what is wrong with input, per field, then throws once with all of it.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<ProblemText>> _errors = [];

    /// <summary>Adds <paramref name="text"/> for <paramref name="field"/> unless <paramref name="valid"/>.</summary>
    public FieldErrors Check(bool valid, string field, ProblemText text)
    {
        if (!valid)
        {
            if (!_errors.TryGetValue(field, out var texts))
            {
                _errors[field] = texts = [];
            }

            texts.Add(text);
        }

        return this;
    }

    /// <summary>Adds the text <paramref name="key"/> with <paramref name="args"/> for <paramref name="field"/> unless <paramref name="valid"/>.</summary>
    public FieldErrors Check(bool valid, string field, string key, params (string Name, object? Value)[] args) =>
        valid ? this : Check(valid, field, ProblemText.Of(key, args));

    /// <summary>Requires a non-blank value of at most <paramref name="maxLength"/> characters.</summary>
    public FieldErrors Text(string? value, string field, int maxLength = 500) =>
        Check(!string.IsNullOrWhiteSpace(value), field, "required")
            .Check(value is null || value.Length <= maxLength, field, "tooLong", ("max", maxLength));

    /// <summary>Allows null, else at most <paramref name="maxLength"/> characters.</summary>
    public FieldErrors OptionalText(string? value, string field, int maxLength = 2000) =>
        Check(value is null || value.Length <= maxLength, field, "tooLong", ("max", maxLength));

    /// <summary>Checks a reference to a file kept elsewhere: a name, a SHA-256 (64 hex digits) and a size up to <paramref name="maxBytes"/>.</summary>
    public FieldErrors FileReference(string? name, string? sha256, long? size, string field, long maxBytes) =>
        Text(name, $"{field}.name", 200)
            .Check(Devices.EvidenceFile.IsSha256(sha256), $"{field}.sha256", "sha256")
            .Check(size >= 0 && size <= maxBytes, $"{field}.size", "fileSize", ("max", maxBytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Throws <see cref="InputValidationException"/> if anything was added.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new InputValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }
}
