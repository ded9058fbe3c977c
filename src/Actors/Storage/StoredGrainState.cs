namespace Coordination.Actors.Storage;

/// <summary>A stored grain state: its JSON (null once cleared) and its version as ETag.</summary>
public sealed record StoredGrainState(string? Json, string Etag);
