using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Coordination.Grains.Courts;
using Coordination.Grains.Notifications;
using Coordination.Grains.Parties;
using Coordination.Grains.Validation;

namespace Coordination.Grains.Filing;

/// <summary>
/// Someone filing online, keyed by their mobile number: a one-time code by SMS proves they hold it (see
/// <see cref="OneTimeCodeState"/>), and the grain lists the applications they submitted.
/// </summary>
[Alias("Coordination.Grains.Filing.IFilerGrain")]
public interface IFilerGrain : IGrainWithStringKey
{
    /// <summary>Sends a sign-in code to the mobile, signed with the name of the court applied to.</summary>
    [Alias("RequestCode")]
    Task RequestCode(string courtId);

    /// <summary>Checks the code; throws <see cref="PartyNotRecognisedException"/> or <see cref="PartyAccessLockedException"/> if it is not right.</summary>
    [Alias("Verify")]
    Task Verify(string code);

    /// <summary>Adds an application to the filer's list (once).</summary>
    [Alias("AddApplication")]
    Task AddApplication(string applicationId);

    /// <summary>The filer's applications, newest first.</summary>
    [Alias("GetApplications")]
    [ReadOnly]
    Task<IReadOnlyList<string>> GetApplications();
}

/// <summary>A filer's code and applications.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Filing.FilerState")]
public sealed class FilerState : OneTimeCodeState
{
    /// <summary>Application numbers, oldest first.</summary>
    [Id(0)]
    public List<string> Applications { get; set; } = [];
}

/// <inheritdoc cref="IFilerGrain" />
[GrainType("filer")]
public sealed class FilerGrain([PersistentState("filer")] IPersistentState<FilerState> state, ISmsChannel sms, CourtDirectory courts) : CoordinationGrain, IFilerGrain
{
    public async Task RequestCode(string courtId)
    {
        if (!courts.Contains(courtId))
        {
            throw InputValidationException.For("courtId", "unknownCourt", ("court", courtId));
        }

        var now = TimeProvider.GetUtcNow();
        state.State.EnsureMaySend(now);
        var code = state.State.Issue(now);
        await state.WriteStateAsync();
        var mobile = GetPrimaryKeyString();
        await sms.SendAsync(new Notice($"filer-code~{mobile}~{now.ToUnixTimeMilliseconds()}", courtId, "", null, 0, "", mobile,
            $"【{courts.NameOf(courtId)}】您申请执行网上立案的验证码为{code}，5分钟内有效。请勿告诉他人。"),
            CancellationToken.None);
    }

    public async Task Verify(string code)
    {
        try
        {
            state.State.Verify(code, TimeProvider.GetUtcNow());
        }
        finally
        {
            await state.WriteStateAsync();
        }
    }

    public async Task AddApplication(string applicationId)
    {
        if (!state.State.Applications.Contains(applicationId))
        {
            state.State.Applications.Add(applicationId);
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> GetApplications() => Task.FromResult<IReadOnlyList<string>>([.. Enumerable.Reverse(state.State.Applications)]);
}
