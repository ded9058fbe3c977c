namespace Coordination.Actors;

/// <summary>Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/>.</summary>
/// <param name="stateName">The state's name, unique within the grain.</param>
/// <param name="storageName">The storage provider; null for the default.</param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>The state's name, unique within the grain.</summary>
    public string StateName { get; } = stateName;

    /// <summary>The storage provider; null for the default.</summary>
    public string? StorageName { get; } = storageName;
}
