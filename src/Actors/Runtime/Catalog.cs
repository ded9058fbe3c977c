using System.Collections.Concurrent;

namespace Coordination.Actors.Runtime;

/// <summary>The node's activations by grain id: at most one per id.</summary>
internal sealed class Catalog(GrainRuntime runtime)
{
    private readonly ConcurrentDictionary<GrainId, Activation> _activations = new();

    public int Count => _activations.Count;

    public ICollection<Activation> Activations => _activations.Values;

    /// <summary>Returns the grain's activation, creating it if there is none. Racing callers all get the same one.</summary>
    public Activation GetOrCreate(GrainId id, GrainClassInfo classInfo) =>
        _activations.TryGetValue(id, out var activation)
            ? activation
            : _activations.GetOrAdd(id, static (id, state) => new Activation(id, state.classInfo, state.runtime), (classInfo, runtime));

    public void Remove(Activation activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, Activation>(activation.GrainId, activation));
}
