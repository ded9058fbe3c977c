namespace Coordination.Actors.Runtime;

/// <summary>
/// Base of the generated grain references. Each generated method builds one call object around a
/// static lambda and hands it to the runtime: no reflection and no dictionary lookup per call.
/// References are safe to use from many threads at once.
/// </summary>
public abstract class GrainReference
{
    private readonly GrainRuntime _runtime;

    /// <summary>Called by generated code.</summary>
    protected GrainReference(GrainId id, GrainRuntime runtime)
    {
        GrainId = id;
        _runtime = runtime;
    }

    /// <summary>The identity of the referenced grain.</summary>
    public GrainId GrainId { get; }

    // The last activation this reference reached; saves a catalog lookup while it stays active.
    internal Activation? CachedActivation;

    internal GrainClassInfo ClassInfo { get; set; } = null!;

    /// <summary>Calls a method returning a value. Used by generated code.</summary>
    protected Task<TResult> Invoke<TGrain, TArgs, TResult>(GrainMethod method, TArgs args, Func<TGrain, TArgs, Task<TResult>> body)
        where TGrain : class
    {
        var call = new GrainCall<TGrain, TArgs, TResult>(method, args, body);
        _runtime.Send(this, call);
        return call.Response;
    }

    /// <summary>Calls a method returning no value. Used by generated code.</summary>
    protected Task Invoke<TGrain, TArgs>(GrainMethod method, TArgs args, Func<TGrain, TArgs, Task> body)
        where TGrain : class
    {
        var call = new GrainCall<TGrain, TArgs>(method, args, body);
        _runtime.Send(this, call);
        return call.Response;
    }

    /// <inheritdoc/>
    public override string ToString() => GrainId.ToString();
}
