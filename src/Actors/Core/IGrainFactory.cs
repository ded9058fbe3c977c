namespace Coordination.Actors;

/// <summary>Creates typed references to grains. References are cheap; the grain activates on its first call.</summary>
public interface IGrainFactory
{
    /// <summary>Returns a reference to the grain of interface <typeparamref name="TGrainInterface"/> with <paramref name="key"/>. Safe to call concurrently.</summary>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    /// <exception cref="InvalidOperationException">No grain class implements the interface, or more than one does.</exception>
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrain;
}
