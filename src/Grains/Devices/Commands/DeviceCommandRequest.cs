using System.Globalization;
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
            .Check(Enum.IsDefined(Kind), "kind", "expectedOneOf", ("values", string.Join(", ", Enum.GetNames<DeviceCommandKind>())))
            .Check(Kind is not (DeviceCommandKind.StartRecording or DeviceCommandKind.StopRecording) || device.Kind == DeviceKind.BodyCamera, "kind",
                "device.bodyCameraOnly", ("deviceCommand", Kind), ("device", device.DeviceId), ("deviceKind", device.Kind));
        if (Kind == DeviceCommandKind.Message)
        {
            errors.Text(Text, "text", options.MaxTextLength);
        }
        else
        {
            errors.Check(Text is null, "text", "device.textOnlyForMessage");
        }

        var expiresAt = ExpiresAt ?? now + (ExpiresInSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.DefaultExpiry);
        var (min, minUnit) = Describe(options.MinExpiry);
        var (max, maxUnit) = Describe(options.MaxExpiry);
        var nodeTime = now.ToString("O", CultureInfo.InvariantCulture);
        errors.Check(ExpiresInSeconds is null || ExpiresAt is null, "expiresAt", "device.expiryTwice")
            .Check(ExpiresInSeconds is null || (ExpiresInSeconds >= options.MinExpiry.TotalSeconds && ExpiresInSeconds <= options.MaxExpiry.TotalSeconds),
                "expiresInSeconds", "device.expiresInBounds", ("min", min), ("expiryMinUnit", minUnit), ("max", max), ("expiryMaxUnit", maxUnit),
                ("minSeconds", Whole(options.MinExpiry.TotalSeconds)), ("maxSeconds", Whole(options.MaxExpiry.TotalSeconds)))
            .Check(ExpiresAt is null || ExpiresAt > now, "expiresAt", "device.expiryPassed", ("now", nodeTime))
            .Check(ExpiresAt is null || ExpiresAt <= now || (ExpiresAt >= now + options.MinExpiry && ExpiresAt <= now + options.MaxExpiry),
                "expiresAt", "device.expiresAtBounds", ("min", min), ("expiryMinUnit", minUnit), ("max", max), ("expiryMaxUnit", maxUnit), ("now", nodeTime))
            .ThrowIfAny();
        return expiresAt;
    }

    /// <summary>A span as a whole number of its largest whole unit, and the unit (a word of the texts: <c>problem.expiryMinUnit.{unit}</c>).</summary>
    private static (string Count, string Unit) Describe(TimeSpan span) => span switch
    {
        { TotalHours: >= 1 } when span.TotalHours % 1 == 0 => (Whole(span.TotalHours), "hours"),
        { TotalMinutes: >= 1 } when span.TotalMinutes % 1 == 0 => (Whole(span.TotalMinutes), "minutes"),
        _ => (Whole(span.TotalSeconds), "seconds"),
    };

    private static string Whole(double value) => value.ToString("0", CultureInfo.InvariantCulture);
}
