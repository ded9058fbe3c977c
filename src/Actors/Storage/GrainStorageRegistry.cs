namespace Coordination.Actors.Storage;

/// <summary>The node's grain storage providers by name; the unnamed one is the default.</summary>
internal sealed class GrainStorageRegistry(IGrainStorage defaultStorage, IReadOnlyDictionary<string, IGrainStorage>? named = null)
{
    public IGrainStorage Get(string? name) =>
        name is null ? defaultStorage
        : named?.GetValueOrDefault(name) ?? throw new KeyNotFoundException($"No grain storage named '{name}' is configured.");
}
