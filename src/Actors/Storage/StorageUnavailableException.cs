namespace Coordination.Actors.Storage;

/// <summary>The database could not be opened or prepared when the node started.</summary>
public sealed class StorageUnavailableException(string message, Exception inner) : Exception(message, inner);
