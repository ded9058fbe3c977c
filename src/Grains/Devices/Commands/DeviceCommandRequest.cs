using Coordination.Grains.Validation;

namespace Coordination.Grains.Devices.Commands;

/// <summary>
/// A command as its sender asks for it (the body of <c>POST /devices/{id}/commands</c>): what to do, the text of a
/// message, and when it expires, in seconds from now or as an instant (at most one of the two; neither:
/// <see cref="DeviceCommandOptions.DefaultExpiry"/>).
/// </summary>
/// <param name="Kind">What to do.</param>
/// <param name="Text">The text of a <see cref="DeviceCommandKind.Message"/>; the other kinds take none.</param>
/// <param name="ExpiresInSeconds">Seconds from now until it expires.</param>
/// <param name="ExpiresAt">When it expires.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Devices.Commands.DeviceCommandRequest")]
public sealed record DeviceCommandRequest(
    [property: Id(0)] DeviceCommandKind Kind, [property: Id(1)] string? Text = null, [property: Id(2)] int? ExpiresInSeconds = null,
    [property: Id(3)] DateTimeOffset? ExpiresAt = null)
{
    /// <summary>
    /// When the command expires, if it is one <paramref name="device"/> can take now; otherwise throws
    /// <see cref="InputValidationException"/> naming each wrong field.
    /// </summary>
    public DateTimeOffset Validate(DeviceRegistration device, DateTimeOffset now, DeviceCommandOptions options)
    {
        var errors = new FieldErrors()
            .Check(Enum.IsDefined(Kind), "kind", $"expected one of {string.Join(", ", Enum.GetNames<DeviceCommandKind>())}.")
            .Check(Kind is not (DeviceCommandKind.StartRecording or DeviceCommandKind.StopRecording) || device.Kind == DeviceKind.BodyCamera, "kind",
                $"{Kind} is for body cameras; {device.DeviceId} is a {device.Kind}.");
        if (Kind == DeviceCommandKind.Message)
        {
            errors.Text(Text, "text", options.MaxTextLength);
        }
        else
        {
            errors.Check(Text is null, "text", "must be left out: only a Message takes a text.");
        }

        var expiresAt = ExpiresAt ?? now + (ExpiresInSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.DefaultExpiry);
        var bounds = $"between {Describe(options.MinExpiry)} and {Describe(options.MaxExpiry)} from now";
        errors.Check(ExpiresInSeconds is null || ExpiresAt is null, "expiresAt", "send expiresInSeconds or expiresAt, not both.")
            .Check(ExpiresInSeconds is null || (ExpiresInSeconds >= options.MinExpiry.TotalSeconds && ExpiresInSeconds <= options.MaxExpiry.TotalSeconds),
                "expiresInSeconds", $"must be {bounds} ({options.MinExpiry.TotalSeconds:0} to {options.MaxExpiry.TotalSeconds:0}).")
            .Check(ExpiresAt is null || ExpiresAt > now, "expiresAt", $"is in the past (the node's time is {now:O}).")
            .Check(ExpiresAt is null || ExpiresAt <= now || (ExpiresAt >= now + options.MinExpiry && ExpiresAt <= now + options.MaxExpiry),
                "expiresAt", $"must be {bounds} (the node's time is {now:O}).")
            .ThrowIfAny();
        return expiresAt;
    }

    private static string Describe(TimeSpan span) => span switch
    {
        { TotalHours: >= 1 } when span.TotalHours % 1 == 0 => $"{span.TotalHours:0} hours",
        { TotalMinutes: >= 1 } when span.TotalMinutes % 1 == 0 => $"{span.TotalMinutes:0} minutes",
        _ => $"{span.TotalSeconds:0} seconds",
    };
}
