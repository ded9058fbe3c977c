using Coordination.Actors.Runtime;

namespace Coordination.Actors;

/// <summary>Identity of grain references and grain instances alike.</summary>
public static class GrainExtensions
{
    /// <summary>The grain's identity.</summary>
    /// <exception cref="ArgumentException">The object is neither a grain reference nor a grain.</exception>
    public static GrainId GetGrainId(this IGrain grain) => grain switch
    {
        GrainReference reference => reference.GrainId,
        Grain instance => instance.GrainId,
        _ => throw new ArgumentException($"{grain.GetType().Name} is neither a grain reference nor a grain.", nameof(grain)),
    };

    /// <summary>The key the grain is addressed with.</summary>
    public static string GetPrimaryKeyString(this IGrain grain) => grain.GetGrainId().Key;
}
