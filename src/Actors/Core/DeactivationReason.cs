namespace Coordination.Actors;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReason
{
    /// <summary>Idle for longer than the collection age.</summary>
    Idle,

    /// <summary>The grain asked for it with <see cref="Grain.DeactivateOnIdle"/>.</summary>
    Requested,

    /// <summary>The node is shutting down.</summary>
    Shutdown,
}
