namespace Coordination.Actors;

/// <summary>
/// A grain's persisted state, declared as a constructor parameter marked with
/// <see cref="PersistentStateAttribute"/>. It is read before <see cref="Grain.OnActivateAsync"/>.
/// Use it only from the grain's own turns (it is not safe for concurrent use).
/// </summary>
public interface IPersistentState<TState> where TState : new()
{
    /// <summary>The state; a new <typeparamref name="TState"/> when nothing is stored.</summary>
    TState State { get; set; }

    /// <summary>The stored version this activation last read or wrote; null if none was ever stored.</summary>
    string? Etag { get; }

    /// <summary>True if a state is stored (false after <see cref="ClearStateAsync"/>).</summary>
    bool RecordExists { get; }

    /// <summary>Reads the stored state again, replacing <see cref="State"/>.</summary>
    Task ReadStateAsync();

    /// <summary>
    /// Writes <see cref="State"/>. Completes once the write is durable. Fails with
    /// <see cref="InconsistentStateException"/> and changes nothing if the stored version is not <see cref="Etag"/>.
    /// </summary>
    Task WriteStateAsync();

    /// <summary>Removes the stored state (keeping a version so stale writers still fail) and resets <see cref="State"/>.</summary>
    Task ClearStateAsync();
}
