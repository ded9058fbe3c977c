using Orleans.Runtime;
using Orleans.Storage;

namespace Coordination.Grains.Journals;

/// <summary>A journaled grain's snapshot: the fold of its first <see cref="Version"/> events.</summary>
/// <typeparam name="TState">The grain's state.</typeparam>
[GenerateSerializer, Alias("Coordination.Grains.Journals.JournalSnapshot`1")]
public sealed class JournalSnapshot<TState> where TState : class, new()
{
    /// <summary>How many events the state reflects.</summary>
    [Id(0)]
    public long Version { get; set; }

    /// <summary>The state.</summary>
    [Id(1)]
    public TState State { get; set; } = new();
}

/// <summary>Where journaled grains keep their snapshots: grain state <see cref="StateName"/> in the default grain storage.</summary>
public static class JournalSnapshots
{
    /// <summary>The grain state name snapshots are stored under.</summary>
    public const string StateName = "journal-snapshot";

    /// <summary>The stored snapshot of <paramref name="grainId"/> (read straight from storage, not from an activation); null if none was written.</summary>
    public static async Task<JournalSnapshot<TState>?> ReadAsync<TState>(IGrainStorage storage, GrainId grainId) where TState : class, new()
    {
        var stored = new GrainState<JournalSnapshot<TState>>();
        await storage.ReadStateAsync(StateName, grainId, stored);
        return stored.RecordExists ? stored.State : null;
    }
}
