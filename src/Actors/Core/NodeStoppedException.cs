namespace Coordination.Actors;

/// <summary>The node has shut down and no longer accepts grain calls.</summary>
public sealed class NodeStoppedException(string message) : InvalidOperationException(message);
