namespace Coordination.Actors.Runtime;

/// <summary>Generated reference constructors, one per grain interface, registered by module initializers.</summary>
public static class GrainReferenceRegistry
{
    /// <summary>Registers the reference constructor of <typeparamref name="TGrainInterface"/>. Called by generated code.</summary>
    public static void Register<TGrainInterface>(Func<GrainId, GrainRuntime, TGrainInterface> create) where TGrainInterface : IGrain =>
        Factory<TGrainInterface>.Create = create;

    internal static Func<GrainId, GrainRuntime, TGrainInterface> Get<TGrainInterface>() where TGrainInterface : IGrain
    {
        if (Factory<TGrainInterface>.Create is null)
        {
            // typeof(T) alone does not run the declaring module's initializer.
            System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(typeof(TGrainInterface).Module.ModuleHandle);
        }

        return Factory<TGrainInterface>.Create
            ?? throw new InvalidOperationException($"{typeof(TGrainInterface).Name} has no generated reference. Is its project built with the Coordination.Actors code generator?");
    }

    private static class Factory<T>
    {
        public static Func<GrainId, GrainRuntime, T>? Create;
    }
}
