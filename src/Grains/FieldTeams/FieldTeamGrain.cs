using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Orleans.Streams;
using Coordination.Grains.Alerts;
using Coordination.Grains.Cases;
using Coordination.Grains.Devices;
using Coordination.Grains.Geography;
using Coordination.Grains.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.FieldTeams;

/// <summary>
/// A field team. Case steps it records carry idempotency keys (team, operation, visit), and the team's state is stored
/// after the step: a crash in between repeats the step on the next report, which the case recognises and ignores.
/// Departure needs the team <see cref="DepartureFactor"/> times the radius away, so GPS jitter at the edge does not
/// record a string of arrivals and departures.
/// </summary>
[GrainType("field-team")]
public sealed class FieldTeamGrain(
    [PersistentState("field-team")] IPersistentState<FieldTeamState> state, IOptions<DeploymentOptions> options, ILogger<FieldTeamGrain> logger) : CoordinationGrain, IFieldTeamGrain
{
    /// <summary>How far out, in radii, a team on site must go to have left.</summary>
    public const double DepartureFactor = 1.5;

    private SiteGeofence? _fence;
    private TeamPosition? _lastPosition;

    private FieldTeamState State => state.State;

    private string TeamId => GetPrimaryKeyString();

    private string Actor => "team:" + TeamId;

    public async Task Configure(FieldTeamSetup setup)
    {
        if (setup.SameAs(State.Setup))
        {
            return;
        }

        State.Setup = setup;
        await state.WriteStateAsync();
    }

    public async Task<FieldTeamView> Dispatch(OperationOrder order, string actor)
    {
        var setup = EnsureConfigured();
        var radius = order.RadiusMetres ?? options.Value.DeviceMonitoring.SiteRadiusMetres;
        var errors = new FieldErrors()
            .Text(order.CaseNumber, "caseNumber", 64)
            .Check(new GeoPoint(order.Latitude, order.Longitude).IsValid, "latitude", "team.siteOutOfRange")
            .Check(radius is >= 10 and <= 5_000, "radiusMetres", "team.radiusRange")
            .OptionalText(order.Address, "address", 300);
        errors.ThrowIfAny();
        // An unknown case and another court's case get the same answer, so nobody learns which case numbers exist elsewhere.
        var courtId = await CourtOfCaseAsync(order.CaseNumber);
        errors.Check(courtId == setup.CourtId, "caseNumber", "team.notCourtsCase", ("court", setup.CourtId)).ThrowIfAny();

        State.Operations++;
        State.Operation = new FieldOperation($"op-{State.Operations}", order.CaseNumber, new GeoPoint(order.Latitude, order.Longitude), radius, order.Address,
            TimeProvider.GetUtcNow(), actor);
        State.OnSite = false;
        State.Visits = 0;
        State.NotRecordingAlerted = false;
        _fence = null;
        await state.WriteStateAsync();
        logger.LogInformation("Field team {TeamId} dispatched to case {CaseNumber} by {Actor}", TeamId, order.CaseNumber, actor);
        return View();
    }

    public async Task<FieldTeamView> EndOperation(string actor)
    {
        EnsureConfigured();
        if (State.Operation is not null)
        {
            State.Operation = null;
            State.OnSite = false;
            _fence = null;
            await state.WriteStateAsync();
        }

        return View();
    }

    public async Task ReportPosition(string deviceId, GpsFix fix, bool late)
    {
        var setup = EnsureConfigured();
        var operation = State.Operation;
        // Arrival and departure follow where the team is now: an overtaken fix would record a visit out of order.
        if (operation is not null && !late)
        {
            await TrackSiteAsync(operation, deviceId, fix);
        }

        var position = new TeamPosition(TeamId, setup.CourtId, deviceId, fix.Sequence, fix.At, fix.Latitude, fix.Longitude, fix.AccuracyMetres,
            fix.SpeedKmh, fix.HeadingDegrees, State.Operation?.CaseNumber, State.OnSite, late);
        if (!late)
        {
            _lastPosition = position;
        }

        await PositionStreams.ForCourt(GetStreamProvider(), setup.CourtId).OnNextAsync(position);
    }

    public async Task ReportBodyCam(string deviceId, BodyCamStatus status)
    {
        EnsureConfigured();
        if (!State.Recording.TryGetValue(deviceId, out var recording) || recording != status.Recording)
        {
            State.Recording[deviceId] = status.Recording;
            await CheckBodyCamsAsync();
            await state.WriteStateAsync();
        }
    }

    public async Task RecordEvidence(string deviceId, EvidenceReport evidence)
    {
        EnsureConfigured();
        var file = evidence.File;
        if (State.Operation is { } operation)
        {
            var position = file.Latitude is { } latitude && file.Longitude is { } longitude ? new GeoPoint(latitude, longitude) : operation.Site;
            await RecordOnCaseAsync(operation, CaseStepKind.EvidenceCaptured, deviceId, position, evidence.At, $"evidence/{deviceId}/{file.FileId}", file);
        }
        else if (!State.UnfiledEvidence.Any(e => e.FileId == file.FileId))
        {
            State.UnfiledEvidence.Add(file);
            await state.WriteStateAsync();
        }
    }

    public Task<FieldTeamView> Get()
    {
        EnsureConfigured();
        return Task.FromResult(View());
    }

    private async Task TrackSiteAsync(FieldOperation operation, string deviceId, GpsFix fix)
    {
        _fence ??= new SiteGeofence(operation.Site, operation.RadiusMetres);
        var position = new GeoPoint(fix.Latitude, fix.Longitude);
        if (!State.OnSite && _fence.Contains(position))
        {
            await RecordOnCaseAsync(operation, CaseStepKind.SiteArrived, deviceId, position, fix.At, $"{operation.OperationId}/arrived/{State.Visits + 1}");
            State.OnSite = true;
            State.Visits++;
            State.NotRecordingAlerted = false;
            await CheckBodyCamsAsync();
            await state.WriteStateAsync();
        }
        else if (State.OnSite && !_fence.Contains(position, operation.RadiusMetres * DepartureFactor))
        {
            await RecordOnCaseAsync(operation, CaseStepKind.SiteDeparted, deviceId, position, fix.At, $"{operation.OperationId}/departed/{State.Visits}");
            State.OnSite = false;
            await state.WriteStateAsync();
        }
    }

    /// <summary>On site during an operation, every body camera of the team should record; the first gap raises one alert per visit.</summary>
    private async Task CheckBodyCamsAsync()
    {
        if (State is not { OnSite: true, Operation: { } operation, Setup: { } setup })
        {
            return;
        }

        var notRecording = setup.Devices.Where(d => d.Kind == DeviceKind.BodyCamera && !State.Recording.GetValueOrDefault(d.DeviceId)).Select(d => d.DeviceId).ToList();
        if (notRecording.Count == 0 || State.NotRecordingAlerted)
        {
            State.NotRecordingAlerted &= notRecording.Count > 0;
            return;
        }

        State.NotRecordingAlerted = true;
        var text = AlertText.Of(AlertWordings.BodyCamNotRecording, ("team", setup.Name), ("caseNumber", operation.CaseNumber), ("cameras", string.Join(", ", notRecording)));
        var alert = Alert.Worded(AlertKind.BodyCamNotRecording, setup.CourtId, operation.CaseNumber, judgeId: null, text, TimeProvider.GetUtcNow()) with
        {
            DeviceId = notRecording[0], TeamId = TeamId,
        };
        await PublishAlertOnceAsync(alert, $"team/{TeamId}/{operation.OperationId}/{State.Visits}/not-recording");
    }

    private async Task RecordOnCaseAsync(FieldOperation operation, CaseStepKind kind, string deviceId, GeoPoint position, DateTimeOffset at, string key, EvidenceFile? evidence = null)
    {
        var report = new FieldReport(TeamId, operation.OperationId, deviceId, position.Latitude, position.Longitude, at, evidence);
        var step = new CaseStep(kind, Field: report, IdempotencyKey: $"team/{TeamId}/{key}");
        try
        {
            await GrainFactory.GetGrain<ICaseGrain>(operation.CaseNumber).RecordStep(step, Actor);
        }
        catch (Exception exception) when (exception is CaseStepRefusedException or CaseNotFoundException)
        {
            // A case closed meanwhile must not stop the team's positions; the chief sees the operation still open.
            logger.LogWarning("Field team {TeamId}: case {CaseNumber} refused {Kind}: {Reason}", TeamId, operation.CaseNumber, kind, exception.Message);
        }
    }

    /// <summary>The case's court; null when nothing is filed under the number.</summary>
    private async Task<string?> CourtOfCaseAsync(string caseNumber)
    {
        try
        {
            return (await GrainFactory.GetGrain<ICaseGrain>(caseNumber).Get()).CourtId;
        }
        catch (CaseNotFoundException)
        {
            return null;
        }
    }

    private FieldTeamSetup EnsureConfigured() => State.Setup ?? throw new FieldTeamNotFoundException(TeamId);

    private FieldTeamView View() => new(TeamId, State.Setup!, State.Operation, State.OnSite, _lastPosition, State.UnfiledEvidence);
}
