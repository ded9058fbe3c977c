namespace Coordination.Actors.Runtime;

/// <summary>The argument bundle of a grain method without parameters.</summary>
public readonly struct NoArguments;
