namespace Coordination.Actors;

/// <summary>A state write or clear was refused because the stored version differs from the ETag the writer held. Nothing was changed.</summary>
public sealed class InconsistentStateException(string message) : Exception(message);
