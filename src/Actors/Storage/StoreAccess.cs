using Coordination.Actors.Logs;

namespace Coordination.Actors.Storage;

/// <summary>
/// The node's database opened outside a running node, for command-line tools (record verification,
/// exports). Reads are safe beside a running node; do not write through it while one runs.
/// </summary>
public sealed class StoreAccess : IAsyncDisposable
{
    private readonly RelationalStore _store;

    private StoreAccess(RelationalStore store) => _store = store;

    /// <summary>Grain states.</summary>
    public IGrainStorage States => _store;

    /// <summary>Append-only logs.</summary>
    public ILogStorage Logs => _store;

    /// <summary>Where the database is.</summary>
    public string Location => $"{_store.Provider} {_store.Location}";

    /// <summary>Opens the database the options point at.</summary>
    /// <exception cref="StorageUnavailableException">It cannot be reached.</exception>
    public static async Task<StoreAccess> OpenAsync(StorageOptions options, CancellationToken cancellationToken = default)
    {
        var store = RelationalStore.Create(options, TimeProvider.System);
        await store.StartAsync(cancellationToken);
        return new StoreAccess(store);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _store.DisposeAsync();
}
