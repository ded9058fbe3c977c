namespace Coordination.Actors;

/// <summary>
/// A call would wait on a grain that is itself waiting, further up the same call chain, for this call
/// (A calls B calls A). Grains are not reentrant, so such a call could never complete; it fails at once.
/// </summary>
public sealed class CallCycleException(string message) : InvalidOperationException(message);
