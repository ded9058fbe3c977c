namespace Coordination.Silo.Runtime;

/// <summary>The node did not join its cluster: its shared settings differ from the running nodes', or their Redis does not answer. The message is one line for the operator.</summary>
public sealed class ClusterJoinRefusedException(string message, Exception? inner = null) : Exception(message, inner);
