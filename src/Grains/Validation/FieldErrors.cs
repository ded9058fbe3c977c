namespace Coordination.Grains.Validation;

/// <summary>Collects what is wrong with input, per field, then throws once with all of it.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    /// <summary>Adds <paramref name="message"/> for <paramref name="field"/> unless <paramref name="valid"/>.</summary>
    public FieldErrors Check(bool valid, string field, string message)
    {
        if (!valid)
        {
            if (!_errors.TryGetValue(field, out var messages))
            {
                _errors[field] = messages = [];
            }

            messages.Add(message);
        }

        return this;
    }

    /// <summary>Requires a non-blank value of at most <paramref name="maxLength"/> characters.</summary>
    public FieldErrors Text(string? value, string field, int maxLength = 500) =>
        Check(!string.IsNullOrWhiteSpace(value), field, "is required.")
            .Check(value is null || value.Length <= maxLength, field, $"must be at most {maxLength} characters.");

    /// <summary>Allows null, else at most <paramref name="maxLength"/> characters.</summary>
    public FieldErrors OptionalText(string? value, string field, int maxLength = 2000) =>
        Check(value is null || value.Length <= maxLength, field, $"must be at most {maxLength} characters.");

    /// <summary>Checks a reference to a file kept elsewhere: a name, a SHA-256 (64 hex digits) and a size up to <paramref name="maxBytes"/>.</summary>
    public FieldErrors FileReference(string? name, string? sha256, long? size, string field, long maxBytes) =>
        Text(name, $"{field}.name", 200)
            .Check(Devices.EvidenceFile.IsSha256(sha256), $"{field}.sha256", "must be 64 hexadecimal characters.")
            .Check(size >= 0 && size <= maxBytes, $"{field}.size", $"must be between 0 and {maxBytes:N0} bytes.");

    /// <summary>Throws <see cref="InputValidationException"/> if anything was added.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new InputValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }
}
