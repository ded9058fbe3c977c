using Coordination.Actors.Streams;

namespace Coordination.Actors;

/// <summary>What code outside grains (endpoints, the device bridge, tests) uses to reach grains and streams.</summary>
public interface IClusterClient : IGrainFactory
{
    /// <summary>Returns the stream provider registered under <paramref name="name"/> (default <c>Default</c>).</summary>
    IStreamProvider GetStreamProvider(string name = StreamProviderNames.Default);
}
