namespace Coordination.Actors.Storage;

/// <summary>Where a grain state is stored.</summary>
public readonly record struct GrainStateKey(string GrainType, string GrainKey, string StateName)
{
    /// <inheritdoc/>
    public override string ToString() => $"state '{StateName}' of grain {GrainType}/{GrainKey}";
}
