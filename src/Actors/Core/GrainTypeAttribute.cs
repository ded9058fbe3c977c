namespace Coordination.Actors;

/// <summary>
/// Fixes the stored type name of a grain class. Without it the name is the class name, lower case,
/// without a trailing "Grain" (<c>CaseGrain</c> becomes <c>case</c>). State and reminders are stored
/// under this name, so renaming a class without this attribute orphans its data.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    /// <summary>The stored type name.</summary>
    public string Name { get; } = name;
}
