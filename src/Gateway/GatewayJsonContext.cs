using System.Text.Json;
using System.Text.Json.Serialization;
using Coordination.DeviceBridge.Hosting;
using Coordination.Gateway.Auth;
using Coordination.Gateway.CommandCentre;
using Coordination.Gateway.Entrustment;
using Coordination.Gateway.Courts;
using Coordination.Gateway.Filing;
using Coordination.Gateway.Health;
using Coordination.Gateway.Messages;
using Coordination.Gateway.Notifications;
using Coordination.Gateway.Parties;
using Coordination.Gateway.Trips;
using Coordination.Grains.Alerts;
using Coordination.Grains.Assistance;
using Coordination.Grains.Cases;
using Coordination.Grains.Changes;
using Coordination.Grains.Courts;
using Coordination.Grains.Devices;
using Coordination.Grains.Devices.Commands;
using Coordination.Grains.Entrustment;
using Coordination.Grains.FieldTeams;
using Coordination.Grains.Filing;
using Coordination.Grains.Judges;
using Coordination.Grains.Messages;
using Coordination.Grains.Notifications;
using Coordination.Grains.Texts;
using Coordination.Grains.Trips;

namespace Coordination.Gateway;

/// <summary>Source-generated JSON metadata for every type the gateway reads or writes (enums as names).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(ProblemText))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, ProblemText[]>))]
[JsonSerializable(typeof(CaseFiling))]
[JsonSerializable(typeof(CaseStep))]
[JsonSerializable(typeof(CaseView))]
[JsonSerializable(typeof(IReadOnlyList<CaseRecordEntry>))]
[JsonSerializable(typeof(RecordVerification))]
[JsonSerializable(typeof(IReadOnlyList<CaseSummary>))]
[JsonSerializable(typeof(IReadOnlyList<AgendaItem>))]
[JsonSerializable(typeof(WorkPlan))]
[JsonSerializable(typeof(IReadOnlyList<WorkPlan>))]
[JsonSerializable(typeof(PlanItem))]
[JsonSerializable(typeof(IReadOnlyList<CourtCase>))]
[JsonSerializable(typeof(CourtCase))]
[JsonSerializable(typeof(CourtApprovals))]
[JsonSerializable(typeof(CourtStatistics))]
[JsonSerializable(typeof(IReadOnlyList<JudgeLoad>))]
[JsonSerializable(typeof(IReadOnlyList<CourtSummary>))]
[JsonSerializable(typeof(FocusRequest))]
[JsonSerializable(typeof(Alert))]
[JsonSerializable(typeof(Streams.AlertGap))]
[JsonSerializable(typeof(FieldTeamView))]
[JsonSerializable(typeof(FieldTeamView[]))]
[JsonSerializable(typeof(OperationOrder))]
[JsonSerializable(typeof(DeviceView))]
[JsonSerializable(typeof(DeviceBridgeStatus))]
[JsonSerializable(typeof(DeviceCommandRequest))]
[JsonSerializable(typeof(DeviceCommand))]
[JsonSerializable(typeof(IReadOnlyList<DeviceCommand>))]
[JsonSerializable(typeof(TeamPosition))]
[JsonSerializable(typeof(Change))]
[JsonSerializable(typeof(TripPlan))]
[JsonSerializable(typeof(Trip))]
[JsonSerializable(typeof(TripSuggestion))]
[JsonSerializable(typeof(TripSuggestion[]))]
[JsonSerializable(typeof(TripBoard))]
[JsonSerializable(typeof(SuggestionAnswer))]
[JsonSerializable(typeof(EntrustmentOrder))]
[JsonSerializable(typeof(EntrustmentReport))]
[JsonSerializable(typeof(EntrustmentView))]
[JsonSerializable(typeof(IReadOnlyList<EntrustmentSummary>))]
[JsonSerializable(typeof(PeerOutboxStatus[]))]
[JsonSerializable(typeof(PeerCourt[]))]
[JsonSerializable(typeof(PeerReceipt))]
[JsonSerializable(typeof(AssistanceOrder))]
[JsonSerializable(typeof(SignInRequest))]
[JsonSerializable(typeof(CommandCentreMap))]
[JsonSerializable(typeof(SmsRequest))]
[JsonSerializable(typeof(SmsResponse))]
[JsonSerializable(typeof(DeliveryReport))]
[JsonSerializable(typeof(NoticeView))]
[JsonSerializable(typeof(NoticeView[]))]
[JsonSerializable(typeof(NoticeHealth))]
[JsonSerializable(typeof(PartyCodeRequest))]
[JsonSerializable(typeof(PartyTokenRequest))]
[JsonSerializable(typeof(PartyToken))]
[JsonSerializable(typeof(PartyCaseView))]
[JsonSerializable(typeof(PartyClue))]
[JsonSerializable(typeof(PartyOpinionAnswer))]
[JsonSerializable(typeof(MessageRequest))]
[JsonSerializable(typeof(ReadMark))]
[JsonSerializable(typeof(ThreadView))]
[JsonSerializable(typeof(ThreadMessage))]
[JsonSerializable(typeof(ThreadUnread[]))]
[JsonSerializable(typeof(StoredFile))]
[JsonSerializable(typeof(FilerCodeRequest))]
[JsonSerializable(typeof(FilerTokenRequest))]
[JsonSerializable(typeof(FilerToken))]
[JsonSerializable(typeof(FilingApplicationRequest))]
[JsonSerializable(typeof(ApplicationView))]
[JsonSerializable(typeof(ApplicationView[]))]
[JsonSerializable(typeof(FilingDecision))]
[JsonSerializable(typeof(IReadOnlyList<ApplicationSummary>))]
[JsonSerializable(typeof(SignInResult))]
[JsonSerializable(typeof(AntiforgeryTokenResult))]
[JsonSerializable(typeof(Coordination.Gateway.Pages.PageSettings))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(AssistanceAnswer))]
[JsonSerializable(typeof(AssistanceRequest))]
[JsonSerializable(typeof(AssistanceRequest[]))]
[JsonSerializable(typeof(GridAreaStatistics[]))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
