namespace Coordination.Actors.Streams;

/// <summary>Names of the built-in stream providers.</summary>
public static class StreamProviderNames
{
    /// <summary>The in-memory provider every node has.</summary>
    public const string Default = "Default";

    /// <summary>Streams kept in the node's database: items survive a restart and a subscriber can resume after any token still retained.</summary>
    public const string Durable = "Durable";
}
