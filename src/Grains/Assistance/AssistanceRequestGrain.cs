using System.Globalization;
using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Orleans.Streams;
using Coordination.Grains.Alerts;
using Coordination.Grains.Cases;
using Coordination.Grains.Geography;
using Coordination.Grains.Texts;

namespace Coordination.Grains.Assistance;

/// <summary>
/// A judge's request to a grid worker (keyed by request id): routed by point-in-polygon on the debtor's address to the
/// court's grid area that holds it; answered by that area's grid worker; past its due time, the judge is warned. Both
/// the request and the answer go into the case record.
/// </summary>
[Alias("Coordination.Grains.Assistance.IAssistanceRequestGrain")]
public interface IAssistanceRequestGrain : IGrainWithStringKey
{
    /// <summary>Sends the request for <paramref name="caseNumber"/> from its judge. Repeating it changes nothing.</summary>
    [Alias("Create")]
    Task<AssistanceRequest> Create(string caseNumber, AssistanceOrder order, string judgeId);

    /// <summary>The area's grid worker answers (once).</summary>
    [Alias("Answer")]
    Task<AssistanceRequest> Answer(AssistanceAnswer answer, string workerId);

    /// <summary>The request, or null.</summary>
    [Alias("Get")]
    [ReadOnly]
    Task<AssistanceRequest?> Get();
}

/// <summary>A request's stored state.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Assistance.AssistanceRequestState")]
public sealed class AssistanceRequestState
{
    /// <summary>The request; null until sent.</summary>
    [Id(0)]
    public AssistanceRequest? Request { get; set; }
}

/// <inheritdoc cref="IAssistanceRequestGrain" />
[GrainType("assistance-request")]
public sealed class AssistanceRequestGrain([PersistentState("assistance-request")] IPersistentState<AssistanceRequestState> state, GridDirectory grid)
    : CoordinationGrain, IAssistanceRequestGrain, IRemindable
{
    private const string DueReminder = "due";

    private string Id => GetPrimaryKeyString();

    public async Task<AssistanceRequest> Create(string caseNumber, AssistanceOrder order, string judgeId)
    {
        if (state.State.Request is { } existing)
        {
            return existing;
        }

        new Validation.FieldErrors().Text(order.Note, "note", 2000).Check(Enum.IsDefined(order.Kind), "kind", "assist.kind").ThrowIfAny();
        var theCase = await GrainFactory.GetGrain<ICaseGrain>(caseNumber).Get();
        if (theCase.JudgeId != judgeId)
        {
            throw new AssistanceRefusedException(ProblemText.Of("assist.notJudge", ("caseNumber", caseNumber)));
        }

        var debtors = theCase.Filing.Debtors;
        var debtor = order.DebtorIndex >= 0 && order.DebtorIndex < debtors.Count ? debtors[order.DebtorIndex] : throw new AssistanceRefusedException(ProblemText.Of("assist.noDebtor", ("caseNumber", caseNumber), ("count", debtors.Count), ("index", order.DebtorIndex)));
        if (debtor.Address.Latitude is not { } latitude || debtor.Address.Longitude is not { } longitude)
        {
            throw new AssistanceRefusedException(ProblemText.Of("assist.noCoordinates", ("name", debtor.Name)));
        }

        var location = new GeoPoint(latitude, longitude);
        var area = grid.AreaAt(theCase.CourtId, location)
            ?? throw new AssistanceRefusedException(ProblemText.Of("assist.noArea", ("court", theCase.CourtId), ("name", debtor.Name), ("address", debtor.Address.Text)));
        var now = TimeProvider.GetUtcNow();
        var request = new AssistanceRequest(Id, caseNumber, theCase.CourtId, judgeId, area.Id, area.WorkerId, debtor.Name, debtor.Address.Text, order.Kind, order.Note,
            now, now.AddDays(area.ResponseDays), Location: location);
        await GrainFactory.GetGrain<ICaseGrain>(caseNumber).RecordStep(
            new CaseStep(CaseStepKind.AssistanceRequested, Note: $"{order.Kind} → {area.Name} ({area.WorkerId}): {order.Note}", Target: Id, IdempotencyKey: $"assistance/{Id}/requested"), judgeId);
        await SaveAsync(request);
        await RegisterOrUpdateReminder(DueReminder, request.DueAt);
        return request;
    }

    public async Task<AssistanceRequest> Answer(AssistanceAnswer answer, string workerId)
    {
        new Validation.FieldErrors().Text(answer.Text, "text", 2000).ThrowIfAny();
        var request = state.State.Request ?? throw new AssistanceNotFoundException(Id);
        if (request.WorkerId != workerId)
        {
            throw new AssistanceRefusedException(ProblemText.Of("assist.notYours", ("id", Id), ("area", request.AreaId)));
        }

        if (request.Answer is not null)
        {
            return request.Answer == answer ? request : throw new AssistanceRefusedException(ProblemText.Of("assist.answered", ("id", Id), ("day", request.AnsweredAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        }

        var answered = request with { Answer = answer, AnsweredAt = TimeProvider.GetUtcNow() };
        await GrainFactory.GetGrain<ICaseGrain>(request.CaseNumber).RecordStep(
            new CaseStep(CaseStepKind.AssistanceAnswered, Result: $"{(answer.Found ? "Found" : "Not found")}: {answer.Text}", Target: Id, IdempotencyKey: $"assistance/{Id}/answered"),
            $"grid:{workerId}");
        await SaveAsync(answered);
        await UnregisterReminder(DueReminder);
        await TellJudgeAsync(AlertKind.AssistanceAnswered,
            AlertText.Of(answer.Found ? AlertWordings.AssistanceFound : AlertWordings.AssistanceNotFound, ("worker", workerId), ("request", Id), ("debtor", request.Debtor), ("text", answer.Text)));
        return answered;
    }

    public Task<AssistanceRequest?> Get() => Task.FromResult(state.State.Request);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Request is { IsAnswered: false } request)
        {
            await TellJudgeAsync(AlertKind.AssistanceOverdue,
                AlertText.Of(AlertWordings.AssistanceOverdue, ("worker", request.WorkerId), ("area", request.AreaId), ("request", Id), ("debtor", request.Debtor), ("dueAt", request.DueAt)));
        }

        await UnregisterReminder(DueReminder);
    }

    private async Task SaveAsync(AssistanceRequest request)
    {
        state.State.Request = request;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IGridAreaGrain>(request.AreaId).Update(request);
    }

    private Task TellJudgeAsync(AlertKind kind, AlertText text)
    {
        var request = state.State.Request!;
        var alert = Alert.Worded(kind, request.CourtId, request.CaseNumber, request.JudgeId, text, TimeProvider.GetUtcNow());
        return PublishAlertOnceAsync(alert, $"assistance/{Id}/{kind}");
    }
}
