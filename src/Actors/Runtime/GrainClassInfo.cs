namespace Coordination.Actors.Runtime;

/// <summary>What the runtime knows of a grain class: its stored type name, interfaces and generated activator.</summary>
/// <param name="ClassType">The grain class.</param>
/// <param name="GrainType">The stored type name (see <see cref="GrainTypeAttribute"/>).</param>
/// <param name="Interfaces">The grain interfaces it implements.</param>
/// <param name="Create">Constructs an instance: services for constructor parameters, the context for persistent state.</param>
public sealed record GrainClassInfo(Type ClassType, string GrainType, Type[] Interfaces, Func<IServiceProvider, IGrainActivationContext, Grain> Create);
