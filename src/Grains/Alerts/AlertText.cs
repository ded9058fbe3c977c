using System.Globalization;

namespace Coordination.Grains.Alerts;

/// <summary>An alert's wording in the pages' texts: the key <c>common.alert.{Key}</c> and its values (see <see cref="Alert.TextKey"/>).</summary>
public sealed record AlertText(string Key, IReadOnlyDictionary<string, string> Args)
{
    /// <summary>The wording <paramref name="key"/> with <paramref name="args"/>: numbers invariant, dates as <c>yyyy-MM-dd</c>, times as <c>yyyy-MM-dd HH:mm</c>.</summary>
    public static AlertText Of(string key, params (string Name, object? Value)[] args) =>
        new(key, args.ToDictionary(a => a.Name, a => a.Value switch
        {
            null => "",
            DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTimeOffset time => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
            var value => value.ToString() ?? "",
        }, StringComparer.Ordinal));
}

/// <summary>The wordings alerts are sent with; each is a text of the pages in every language (a test checks it).</summary>
public static class AlertWordings
{
    /// <summary><c>common.alert.caseAssigned</c>.</summary>
    public const string CaseAssigned = "caseAssigned";

    /// <summary><c>common.alert.fundsReceived</c>.</summary>
    public const string FundsReceived = "fundsReceived";

    /// <summary><c>common.alert.fundsPaidOut</c>.</summary>
    public const string FundsPaidOut = "fundsPaidOut";

    /// <summary><c>common.alert.clueReceived</c>.</summary>
    public const string ClueReceived = "clueReceived";

    /// <summary><c>common.alert.messageReceived</c>.</summary>
    public const string MessageReceived = "messageReceived";

    /// <summary><c>common.alert.filesReceived</c>.</summary>
    public const string FilesReceived = "filesReceived";

    /// <summary><c>common.alert.opinionAgrees</c>.</summary>
    public const string OpinionAgrees = "opinionAgrees";

    /// <summary><c>common.alert.opinionObjects</c>.</summary>
    public const string OpinionObjects = "opinionObjects";

    /// <summary><c>common.alert.opinionLapsed</c>.</summary>
    public const string OpinionLapsed = "opinionLapsed";

    /// <summary><c>common.alert.deviceBatteryLow</c>.</summary>
    public const string DeviceBatteryLow = "deviceBatteryLow";

    /// <summary><c>common.alert.deviceSilent</c>.</summary>
    public const string DeviceSilent = "deviceSilent";

    /// <summary><c>common.alert.deviceCommandExpired</c>.</summary>
    public const string DeviceCommandExpired = "deviceCommandExpired";

    /// <summary><c>common.alert.bodyCamNotRecording</c>.</summary>
    public const string BodyCamNotRecording = "bodyCamNotRecording";

    /// <summary><c>common.alert.tripSuggestedSamePlace</c>.</summary>
    public const string TripSuggestedSamePlace = "tripSuggestedSamePlace";

    /// <summary><c>common.alert.tripSuggestedOnTheWay</c>.</summary>
    public const string TripSuggestedOnTheWay = "tripSuggestedOnTheWay";

    /// <summary><c>common.alert.tripsMerged</c>.</summary>
    public const string TripsMerged = "tripsMerged";

    /// <summary><c>common.alert.tripSuggestionDeclined</c>.</summary>
    public const string TripSuggestionDeclined = "tripSuggestionDeclined";

    /// <summary><c>common.alert.tripSuggestionWithdrawn</c>.</summary>
    public const string TripSuggestionWithdrawn = "tripSuggestionWithdrawn";

    /// <summary><c>common.alert.assistanceFound</c>.</summary>
    public const string AssistanceFound = "assistanceFound";

    /// <summary><c>common.alert.assistanceNotFound</c>.</summary>
    public const string AssistanceNotFound = "assistanceNotFound";

    /// <summary><c>common.alert.assistanceOverdue</c>.</summary>
    public const string AssistanceOverdue = "assistanceOverdue";

    /// <summary><c>common.alert.entrustmentReceived</c>.</summary>
    public const string EntrustmentReceived = "entrustmentReceived";

    /// <summary><c>common.alert.entrustmentAnswered</c>.</summary>
    public const string EntrustmentAnswered = "entrustmentAnswered";

    /// <summary><c>common.alert.entrustedDeadline</c>.</summary>
    public const string EntrustedDeadline = "entrustedDeadline";
}

/// <summary>Puts an <see cref="AlertText"/> on an alert.</summary>
public static class AlertTextExtensions
{
    /// <summary><paramref name="alert"/> worded as <paramref name="text"/> says.</summary>
    public static Alert Worded(this Alert alert, AlertText text) => alert with { TextKey = text.Key, TextArgs = text.Args };
}
