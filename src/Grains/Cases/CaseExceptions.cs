using Coordination.Grains.Texts;

namespace Coordination.Grains.Cases;

/// <summary>A step that makes no sense for the case as it stands; <see cref="Reason"/> says why.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Cases.CaseStepRefusedException")]
public sealed class CaseStepRefusedException(ProblemText reason) : InvalidOperationException(reason.English), IHasProblemText
{
    /// <inheritdoc/>
    [Id(0)]
    public ProblemText Reason { get; } = reason;
}

/// <summary>No case is filed under the number.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Cases.CaseNotFoundException")]
public sealed class CaseNotFoundException(string caseNumber) : KeyNotFoundException($"No case {caseNumber} is filed.")
{
    /// <summary>The number asked for.</summary>
    [Id(0)]
    public string CaseNumber { get; } = caseNumber;
}
