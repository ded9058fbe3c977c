namespace Coordination.Silo.Tests.Storage;

/// <summary>A grain state as the contract tests store it: value equality, text beyond ASCII.</summary>
public sealed record TestState
{
    public string Title { get; init; } = "";

    public int Steps { get; init; }

    public string Court { get; init; } = "";
}
