namespace Coordination.Actors.Streams;

/// <summary>Names of the built-in stream providers.</summary>
public static class StreamProviderNames
{
    /// <summary>The in-memory provider every node has.</summary>
    public const string Default = "Default";
}
