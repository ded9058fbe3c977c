namespace Coordination.Grains.Cases;

/// <summary>A step that makes no sense for the case as it stands; the message says why.</summary>
public sealed class CaseStepRefusedException(string message) : InvalidOperationException(message);

/// <summary>No case is filed under the number.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Cases.CaseNotFoundException")]
public sealed class CaseNotFoundException(string caseNumber) : KeyNotFoundException($"No case {caseNumber} is filed.")
{
    /// <summary>The number asked for.</summary>
    [Id(0)]
    public string CaseNumber { get; } = caseNumber;
}
