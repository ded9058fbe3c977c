namespace Coordination.Actors.Storage;

/// <summary>
/// Stores grain states as JSON with a version number as ETag. All methods are safe to call
/// concurrently; writes are acknowledged only once durable.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads a state; null if none was ever stored.</summary>
    Task<StoredGrainState?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken = default);

    /// <summary>Writes a state if the stored version equals <paramref name="etag"/> (null: nothing stored yet). Returns the new ETag.</summary>
    /// <exception cref="InconsistentStateException">The stored version differs; nothing was written.</exception>
    Task<string> WriteAsync(GrainStateKey key, string json, string? etag, CancellationToken cancellationToken = default);

    /// <summary>Clears a state under the same version check as <see cref="WriteAsync"/>. Returns the new ETag.</summary>
    /// <exception cref="InconsistentStateException">The stored version differs; nothing was cleared.</exception>
    Task<string> ClearAsync(GrainStateKey key, string? etag, CancellationToken cancellationToken = default);
}
