using Coordination.Grains.Texts;

namespace Coordination.Grains.Alerts;

/// <summary>An alert's wording in the pages' texts: the key <c>common.alert.{Key}</c> and its values (see <see cref="Alert.TextKey"/>).</summary>
public sealed record AlertText(string Key, IReadOnlyDictionary<string, string> Args)
{
    /// <summary>
    /// This wording in English, as the English page shows it (texts.js <c>alertTitle</c>): values named like a word of
    /// the texts (<c>common.alert.{name}.{value}</c>, a tier) in words, amounts in yuan. It is the alert's
    /// <see cref="Alert.Title"/>, for readers of the API.
    /// </summary>
    public string English => EnglishTexts.Fill(EnglishTexts.Find($"common.alert.{Key}") ?? Key, Args, "common.alert",
        (name, value) => name == "tier" ? EnglishTexts.Find($"common.tier.{value}") ?? value : null);

    /// <summary>The wording <paramref name="key"/> with <paramref name="args"/>: numbers invariant, dates as <c>yyyy-MM-dd</c>, times as <c>yyyy-MM-dd HH:mm</c>.</summary>
    public static AlertText Of(string key, params (string Name, object? Value)[] args) => new(key, EnglishTexts.Args(args));
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
