namespace Coordination.Actors;

/// <summary>
/// Marker for grain interfaces. A grain interface declares only methods returning
/// <see cref="Task"/> or <see cref="Task{TResult}"/>; the code generator emits its reference.
/// Grains are addressed by a string key.
/// </summary>
public interface IGrain;
