using System.Text.Json;
using System.Text.Json.Serialization;
using Coordination.Grains.Alerts;
using Coordination.Grains.Assistance;
using Coordination.Grains.Cases;
using Coordination.Grains.Courts;
using Coordination.Grains.Deadlines;
using Coordination.Grains.Devices;
using Coordination.Grains.Entrustment;
using Coordination.Grains.FieldTeams;
using Coordination.Grains.Filing;
using Coordination.Grains.Judges;
using Coordination.Grains.Messages;
using Coordination.Grains.Notifications;
using Coordination.Grains.Parties;
using Coordination.Grains.Trips;

namespace Coordination.Grains;

/// <summary>JSON metadata for grain state, journal events, stream items and rule files (enums as names).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CaseState))]
[JsonSerializable(typeof(CaseRecordEntry))]
[JsonSerializable(typeof(Alert))]
[JsonSerializable(typeof(JudgeState))]
[JsonSerializable(typeof(JudgeEvent))]
[JsonSerializable(typeof(CourtState))]
[JsonSerializable(typeof(CourtEvent))]
[JsonSerializable(typeof(DeadlineRuleSet))]
[JsonSerializable(typeof(DeviceState))]
[JsonSerializable(typeof(FieldTeamState))]
[JsonSerializable(typeof(TripState))]
[JsonSerializable(typeof(TripPlannerState))]
[JsonSerializable(typeof(TripPlannerEvent))]
[JsonSerializable(typeof(EntrustmentMessage))]
[JsonSerializable(typeof(PeerOutboxState))]
[JsonSerializable(typeof(EntrustmentState))]
[JsonSerializable(typeof(EntrustedWorkState))]
[JsonSerializable(typeof(CourtEntrustmentsState))]
[JsonSerializable(typeof(PeerInboxState))]
[JsonSerializable(typeof(PeerNonceState))]
[JsonSerializable(typeof(GridAreaState))]
[JsonSerializable(typeof(AssistanceRequestState))]
[JsonSerializable(typeof(Notice))]
[JsonSerializable(typeof(NoticeState))]
[JsonSerializable(typeof(CourtNoticesState))]
[JsonSerializable(typeof(PartyAccessState))]
[JsonSerializable(typeof(CaseThreadState))]
[JsonSerializable(typeof(FilingApplicationState))]
[JsonSerializable(typeof(CourtFilingsState))]
[JsonSerializable(typeof(FilerState))]
[JsonSerializable(typeof(UploadState))]
public sealed partial class GrainsJsonContext : JsonSerializerContext;
