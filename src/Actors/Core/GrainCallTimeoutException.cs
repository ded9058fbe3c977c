namespace Coordination.Actors;

/// <summary>A grain call did not complete within the call timeout. The grain may still finish the work.</summary>
public sealed class GrainCallTimeoutException(string message) : TimeoutException(message);
