using Coordination.Grains.Texts;

namespace Coordination.Grains.Assistance;

/// <summary>What the judge asks the grid worker to find (协助执行).</summary>
[GenerateSerializer, Alias("Coordination.Grains.Assistance.AssistanceKind")]
public enum AssistanceKind
{
    /// <summary>Where the debtor is.</summary>
    Whereabouts,

    /// <summary>What the debtor owns.</summary>
    Assets,
}

/// <summary>A judge's request.</summary>
/// <param name="DebtorIndex">Which debtor of the case (0 = the first); their address must have coordinates.</param>
/// <param name="Kind">What to find.</param>
/// <param name="Note">What the judge knows and asks.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Assistance.AssistanceOrder")]
public sealed record AssistanceOrder([Id(0)] int DebtorIndex, [Id(1)] AssistanceKind Kind, [Id(2)] string Note);

/// <summary>The grid worker's answer.</summary>
/// <param name="Found">Whether they found what was asked.</param>
/// <param name="Text">What they found out.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Assistance.AssistanceAnswer")]
public sealed record AssistanceAnswer([Id(0)] bool Found, [Id(1)] string Text);

/// <summary>A request for assistance and where it stands.</summary>
/// <param name="Id">Request id.</param>
/// <param name="CaseNumber">The case.</param>
/// <param name="CourtId">The case's court.</param>
/// <param name="JudgeId">The judge who asked.</param>
/// <param name="AreaId">The grid area holding the debtor's address.</param>
/// <param name="WorkerId">The area's grid worker.</param>
/// <param name="Debtor">The debtor's name.</param>
/// <param name="Address">The debtor's address.</param>
/// <param name="Kind">What to find.</param>
/// <param name="Note">The judge's note.</param>
/// <param name="RequestedAt">When it was sent.</param>
/// <param name="DueAt">When the answer is due.</param>
/// <param name="Answer">The answer, once given.</param>
/// <param name="AnsweredAt">When.</param>
/// <param name="Location">Where the debtor's address is (it placed the request in its grid area); null on requests stored before it was kept.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Assistance.AssistanceRequest")]
public sealed record AssistanceRequest(
    [Id(0)] string Id, [Id(1)] string CaseNumber, [Id(2)] string CourtId, [Id(3)] string JudgeId, [Id(4)] string AreaId, [Id(5)] string WorkerId, [Id(6)] string Debtor, [Id(7)] string Address, [Id(8)] AssistanceKind Kind, [Id(9)] string Note,
    [Id(10)] DateTimeOffset RequestedAt, [Id(11)] DateTimeOffset DueAt, [Id(12)] AssistanceAnswer? Answer = null, [Id(13)] DateTimeOffset? AnsweredAt = null,
    [Id(14)] Geography.GeoPoint? Location = null)
{
    /// <summary>Answered, or still open.</summary>
    public bool IsAnswered => Answer is not null;
}

/// <summary>An area's requests counted for the chief: the feedback rate is answered over asked.</summary>
/// <param name="AreaId">The area.</param>
/// <param name="Name">Its name.</param>
/// <param name="WorkerId">Its grid worker.</param>
/// <param name="Requests">Requests sent to it.</param>
/// <param name="Answered">Answered ones.</param>
/// <param name="AnsweredInTime">Answered by their due time.</param>
/// <param name="Overdue">Open past their due time.</param>
/// <param name="FeedbackRate">Answered over requests (null with no requests).</param>
public sealed record GridAreaStatistics(string AreaId, string Name, string WorkerId, int Requests, int Answered, int AnsweredInTime, int Overdue, double? FeedbackRate);

/// <summary>No assistance request has the id.</summary>
public sealed class AssistanceNotFoundException(string id) : KeyNotFoundException($"No assistance request {id}.");

/// <summary>An action that makes no sense for the request as it stands, or a request that cannot be routed; <see cref="Reason"/> says why.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Assistance.AssistanceRefusedException")]
public sealed class AssistanceRefusedException(ProblemText reason) : InvalidOperationException(reason.English), IHasProblemText
{
    /// <inheritdoc/>
    [Id(0)]
    public ProblemText Reason { get; } = reason;
}
