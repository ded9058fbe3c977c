namespace Coordination.Actors.Runtime;

/// <summary>The turn the current asynchronous flow belongs to; flows into the grain's awaits.</summary>
internal static class RuntimeContext
{
    private static readonly AsyncLocal<WorkItem?> CurrentTurn = new();

    public static WorkItem? Current
    {
        get => CurrentTurn.Value;
        set => CurrentTurn.Value = value;
    }
}
