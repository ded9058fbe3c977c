namespace Coordination.Actors;

/// <summary>The identity of a grain: its type name (from the grain class) and its key.</summary>
/// <param name="Type">The grain type, e.g. <c>case</c> for <c>CaseGrain</c> unless <see cref="GrainTypeAttribute"/> says otherwise.</param>
/// <param name="Key">The grain's key, e.g. a case number.</param>
public readonly record struct GrainId(string Type, string Key)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Type}/{Key}";
}
