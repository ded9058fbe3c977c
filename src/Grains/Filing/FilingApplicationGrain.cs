using Coordination.Grains.Changes;
using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Coordination.Grains.Cases;
using Coordination.Grains.Courts;
using Coordination.Grains.Deadlines;
using Coordination.Grains.Notifications;
using Coordination.Grains.Texts;
using Coordination.Grains.Validation;

namespace Coordination.Grains.Filing;

/// <summary>
/// One online filing application (网上立案), keyed by its number: the applicant submits it with documents; the clerk opens
/// the case, refuses it with a reason, or sends it back naming what is missing (补正); the applicant corrects and
/// resubmits. Each change is stored, then published to the court's queue, the applicant's list and the applicant's phone;
/// a durable reminder set before the change carries the publishing across a crash.
/// </summary>
[Alias("Coordination.Grains.Filing.IFilingApplicationGrain")]
public interface IFilingApplicationGrain : IGrainWithStringKey
{
    /// <summary>Submits a new application as the holder of <paramref name="mobile"/>.</summary>
    [Alias("Submit")]
    Task<ApplicationView> Submit(string mobile, FilingApplication application);

    /// <summary>Submits the corrected application; only its submitter, only after a correction request.</summary>
    [Alias("Resubmit")]
    Task<ApplicationView> Resubmit(string mobile, FilingApplication application);

    /// <summary>The clerk's decision on a submitted application.</summary>
    [Alias("Decide")]
    Task<ApplicationView> Decide(FilingDecision decision, string actor);

    /// <summary>The application; <see cref="FilingNotFoundException"/> if nothing was submitted under this number.</summary>
    [Alias("Get")]
    [ReadOnly]
    Task<ApplicationView> Get();
}

/// <summary>An application's stored state.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Filing.FilingApplicationState")]
public sealed class FilingApplicationState
{
    /// <summary>The application as it stands.</summary>
    [Id(0)]
    public ApplicationView? View { get; set; }

    /// <summary>The case number an acceptance is filing under, written before the case is filed so a retry recognises its own case.</summary>
    [Id(1)]
    public string? AcceptingCaseNumber { get; set; }
}

/// <inheritdoc cref="IFilingApplicationGrain" />
[GrainType("filing-application")]
public sealed class FilingApplicationGrain([PersistentState("filing-application")] IPersistentState<FilingApplicationState> state, CourtDirectory courts)
    : CoordinationGrain, IFilingApplicationGrain, IRemindable
{
    private const string PublishReminder = "publish";

    private ApplicationView? View => state.State.View;

    private string Id => GetPrimaryKeyString();

    public async Task<ApplicationView> Submit(string mobile, FilingApplication application)
    {
        if (View is { } existing)
        {
            return existing.Mobile == mobile ? existing : throw new FilingRefusedException(ProblemText.Of("filing.exists", ("id", Id)));
        }

        Validate(mobile, application);
        return await ChangeAsync(new ApplicationView(Id, mobile, ApplicationStatus.Submitted, application, DecideBy(application.CourtId), null, []),
            new ApplicationStep(TimeProvider.GetUtcNow(), ApplicationStatus.Submitted, mobile));
    }

    public async Task<ApplicationView> Resubmit(string mobile, FilingApplication application)
    {
        var view = await Get();
        if (view.Mobile != mobile)
        {
            throw new FilingNotFoundException(Id);
        }

        if (view.Status != ApplicationStatus.CorrectionRequested)
        {
            throw new FilingRefusedException(ProblemText.Of("filing.notSentBack", ("id", Id), ("filingStatus", view.Status)));
        }

        Validate(mobile, application);
        if (application.CourtId != view.Application.CourtId)
        {
            throw InputValidationException.For("courtId", "courtStays", ("court", view.Application.CourtId));
        }

        return await ChangeAsync(view with { Status = ApplicationStatus.Submitted, Application = application, DecideBy = DecideBy(application.CourtId) },
            new ApplicationStep(TimeProvider.GetUtcNow(), ApplicationStatus.Submitted, mobile));
    }

    public async Task<ApplicationView> Decide(FilingDecision decision, string actor)
    {
        var view = await Get();
        if (view.Status != ApplicationStatus.Submitted)
        {
            throw new FilingRefusedException(view.Status == ApplicationStatus.CorrectionRequested
                ? ProblemText.Of("filing.awaitsCorrection", ("id", Id), ("filingStatus", view.Status))
                : ProblemText.Of("filing.decidedAlready", ("id", Id), ("filingStatus", view.Status)));
        }

        var now = TimeProvider.GetUtcNow();
        switch (decision.Decision)
        {
            case FilingDecisionKind.Accept:
                new FieldErrors().Text(decision.CaseNumber, "caseNumber", 64)
                    .Check(decision.CaseNumber?.StartsWith(view.Application.CourtId + "-", StringComparison.Ordinal) != false, "caseNumber", "filing.caseNumberPrefix", ("court", view.Application.CourtId))
                    .ThrowIfAny();
                var caseNumber = decision.CaseNumber!;
                await FileCaseAsync(view, caseNumber, actor);
                return await ChangeAsync(view with { Status = ApplicationStatus.Accepted, CaseNumber = caseNumber },
                    new ApplicationStep(now, ApplicationStatus.Accepted, actor, CaseNumber: caseNumber));
            case FilingDecisionKind.RequestCorrection:
                var errors = new FieldErrors().OptionalText(decision.Reason, "reason")
                    .Check(decision.Missing is { Count: > 0 and <= 20 }, "missing", "filing.missingItems");
                for (var i = 0; i < (decision.Missing?.Count ?? 0); i++)
                {
                    errors.Text(decision.Missing![i], $"missing[{i}]", 200);
                }

                errors.ThrowIfAny();
                return await ChangeAsync(view with { Status = ApplicationStatus.CorrectionRequested },
                    new ApplicationStep(now, ApplicationStatus.CorrectionRequested, actor, decision.Reason, decision.Missing));
            case FilingDecisionKind.Refuse:
                new FieldErrors().Text(decision.Reason, "reason", 2000).ThrowIfAny();
                return await ChangeAsync(view with { Status = ApplicationStatus.Refused }, new ApplicationStep(now, ApplicationStatus.Refused, actor, decision.Reason));
            default:
                throw InputValidationException.For("decision", "decisionKind");
        }
    }

    public Task<ApplicationView> Get() => View is { } view ? Task.FromResult(view) : throw new FilingNotFoundException(Id);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (View is not null)
        {
            await PublishAsync(View);
        }

        await UnregisterReminder(PublishReminder);
    }

    private void Validate(string mobile, FilingApplication application)
    {
        var filing = ToFiling(application, $"{application.CourtId}-pending", Id); // the number comes with acceptance; this one passes its check
        CaseInput.Validate(filing);
        var errors = new FieldErrors()
            .Check(courts.Contains(application.CourtId), "courtId", "unknownCourt", ("court", application.CourtId))
            .Check(application.Documents is { Count: > 0 }, "documents", "filing.attachDocuments");
        errors.Check(application.Applicants.Any(p => p?.Mobile == mobile || p?.Lawyer?.Mobile == mobile), "applicants", "filing.mobileNotApplicant", ("mobile", mobile));
        errors.ThrowIfAny();
    }

    /// <summary>Files the case; a retry after a crash finds the case it filed (same application id) and goes on.</summary>
    private async Task FileCaseAsync(ApplicationView view, string caseNumber, string actor)
    {
        state.State.AcceptingCaseNumber = caseNumber;
        await state.WriteStateAsync();
        var theCase = GrainFactory.GetGrain<ICaseGrain>(caseNumber);
        try
        {
            await theCase.File(ToFiling(view.Application, caseNumber, Id), actor);
        }
        catch (CaseStepRefusedException)
        {
            if ((await theCase.Get()).Filing.ApplicationId != Id)
            {
                throw new FilingRefusedException(ProblemText.Of("filing.caseNumberTaken", ("caseNumber", caseNumber)));
            }
        }
    }

    private async Task<ApplicationView> ChangeAsync(ApplicationView next, ApplicationStep step)
    {
        await RegisterOrUpdateReminder(PublishReminder, TimeSpan.FromMinutes(1));
        state.State.View = next with { History = [.. next.History, step] };
        await state.WriteStateAsync();
        await PublishAsync(state.State.View);
        await UnregisterReminder(PublishReminder);
        return state.State.View;
    }

    /// <summary>Brings the court's queue, the applicant's list and the applicant's text messages up to date; each step is idempotent.</summary>
    private async Task PublishAsync(ApplicationView view)
    {
        var courtId = view.Application.CourtId;
        var parties = $"{string.Join("、", view.Application.Applicants.Select(p => p.Name))} v {string.Join("、", view.Application.Debtors.Select(p => p.Name))}";
        await GrainFactory.GetGrain<ICourtFilingsGrain>(courtId).Update(new ApplicationSummary(Id, courtId, view.Status, parties, view.History[^1].At, view.DecideBy, view.CaseNumber, view.History.Count));
        await GrainFactory.GetGrain<IFilerGrain>(view.Mobile).AddApplication(Id);
        await SignalChangeAsync(ChangeStreams.Filer(view.Mobile));
        if (NoticeText(view) is { } text)
        {
            var name = view.Application.Applicants.Select(p => p.Mobile == view.Mobile ? p.Name : p.Lawyer?.Mobile == view.Mobile ? p.Lawyer.Name : null).FirstOrDefault(n => n is not null) ?? "";
            var sequence = view.History.Count;
            await GrainFactory.GetGrain<INoticeGrain>($"filing~{Id}~{sequence}").Create(new Notice($"filing~{Id}~{sequence}", courtId, Id, null, sequence, name, view.Mobile, text), awaitApproval: false);
        }
    }

    /// <summary>The text to the applicant for the application's latest state; on acceptance the case's own filing notice tells them.</summary>
    private string? NoticeText(ApplicationView view)
    {
        var sign = $"【{courts.NameOf(view.Application.CourtId)}】";
        var last = view.History[^1];
        return last.Status switch
        {
            ApplicationStatus.Submitted => $"{sign}您的执行立案申请（编号{Id}）已收到，本院将在{view.DecideBy:yyyy-MM-dd}前决定是否立案。",
            ApplicationStatus.CorrectionRequested => $"{sign}您的执行立案申请（编号{Id}）需要补正：{string.Join("；", last.Missing ?? [])}。{last.Reason}请登录补正后重新提交。",
            ApplicationStatus.Refused => $"{sign}您的执行立案申请（编号{Id}）不予立案，理由：{last.Reason}",
            _ => null,
        };
    }

    private DateOnly DecideBy(string courtId) =>
        courts.CalendarOf(courtId).Open("decide-filing", DeadlineRuleIds.DecideFiling, TimeProvider.GetUtcNow()).DueDate;

    private static CaseFiling ToFiling(FilingApplication application, string caseNumber, string applicationId) =>
        new(caseNumber, application.CourtId, application.Kind, application.Applicants, application.Debtors, application.AmountClaimed, application.BasisDocument,
            application.Documents, applicationId);
}
