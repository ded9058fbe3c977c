namespace Coordination.Actors;

/// <summary>Names a grain interface method for errors, timeouts and logs. One instance per method, created by generated code.</summary>
/// <param name="InterfaceName">The declaring interface, e.g. <c>ICaseGrain</c>.</param>
/// <param name="MethodName">The method, e.g. <c>AssignJudge</c>.</param>
public sealed record GrainMethod(string InterfaceName, string MethodName)
{
    /// <inheritdoc/>
    public override string ToString() => $"{InterfaceName}.{MethodName}";
}
