namespace Coordination.Grains.Notifications;

/// <summary>How notices to parties go out (<c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Notifications";

    /// <summary><c>file</c> (default: one JSON line per message in <see cref="FilePath"/>, for trials) or <c>http</c> (an SMS gateway).</summary>
    public string Channel { get; set; } = "file";

    /// <summary>Where the file channel writes. Default data/sms/outbox.jsonl.</summary>
    public string FilePath { get; set; } = "data/sms/outbox.jsonl";

    /// <summary>The SMS gateway's send address (http channel).</summary>
    public string? GatewayUrl { get; set; }

    /// <summary>The SMS gateway account (HTTP basic authentication).</summary>
    public string? GatewayUsername { get; set; }

    /// <summary>The SMS gateway password; or use <see cref="GatewayPasswordFile"/>.</summary>
    public string? GatewayPassword { get; set; }

    /// <summary>A file holding the SMS gateway password.</summary>
    public string? GatewayPasswordFile { get; set; }

    /// <summary>Shared token the SMS gateway sends with delivery reports (<c>X-Sms-Report-Token</c>).</summary>
    public string? DeliveryReportToken { get; set; }

    /// <summary>The setting's problem, or null.</summary>
    public string? Problem() => Channel switch
    {
        "file" => string.IsNullOrWhiteSpace(FilePath) ? "Notifications:FilePath must be set for the file channel." : null,
        "http" when !Uri.TryCreate(GatewayUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") =>
            "Notifications:GatewayUrl must be the SMS gateway's absolute http or https address.",
        "http" when string.IsNullOrEmpty(GatewayPassword) && GatewayPasswordFile is { } file && !File.Exists(file) => $"Notifications:GatewayPasswordFile '{file}' does not exist.",
        "http" => null,
        _ => $"Notifications:Channel must be file or http (was '{Channel}').",
    } ?? (MaxAttempts is < 1 or > 50 ? "Notifications:MaxAttempts must be between 1 and 50." : null);

    /// <summary>Attempts before a message is given up as failed. Default 10 (retries after 1, 2, 4 ... minutes).</summary>
    public int MaxAttempts { get; set; } = 10;
}
