using Coordination.Silo.Tests.Providers;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Coordination.Silo.Tests.Storage;

/// <summary>
/// What every grain storage of the node must do, as Orleans' grain storage tests state it: ETags that change on
/// every write and guard every write and clear, a clear that keeps (or, with DeleteStateOnClear, deletes) the row,
/// rows keyed by grain key and state name, and concurrent writes that all land. Each test gets
/// providers of its own (its own database file or service id).
/// </summary>
public abstract class GrainStorageContract : IAsyncLifetime
{
    protected const string StateName = "case";

    private ProviderServices? _providers;

    /// <summary>The provider under test (DeleteStateOnClear false).</summary>
    protected IGrainStorage Storage => _providers!.Storage(ProviderNames.Keeping);

    /// <summary>The same kind of provider with DeleteStateOnClear true, beside it.</summary>
    protected IGrainStorage DeletingStorage => _providers!.Storage(ProviderNames.Deleting);

    /// <summary>The services the providers under test live in.</summary>
    protected IServiceProvider Services => _providers!.Services;

    /// <summary>Starts the services with a provider under <see cref="ProviderNames.Keeping"/> and one that deletes on clear under <see cref="ProviderNames.Deleting"/>.</summary>
    protected abstract Task<ProviderServices> StartProvidersAsync();

    public async Task InitializeAsync() => _providers = await StartProvidersAsync();

    public virtual async Task DisposeAsync()
    {
        if (_providers is not null)
        {
            await _providers.DisposeAsync();
            _providers = null;
        }
    }

    protected static GrainId NewGrainId(string type = "case") => GrainId.Create(type, $"SH01-{Guid.NewGuid():N}");

    protected static TestState SampleState(int steps = 1) => new() { Title = "（2026）沪0101执1234号", Steps = steps, Court = "上海市黄浦区人民法院" };

    protected static async Task<GrainState<TestState>> ReadAsync(IGrainStorage storage, GrainId grainId, string stateName = StateName)
    {
        var state = new GrainState<TestState> { State = new TestState { Title = "not read" } };
        await storage.ReadStateAsync(stateName, grainId, state);
        return state;
    }

    protected static async Task<GrainState<TestState>> WriteNewAsync(IGrainStorage storage, GrainId grainId, TestState value, string stateName = StateName)
    {
        var state = new GrainState<TestState> { State = value };
        await storage.WriteStateAsync(stateName, grainId, state);
        return state;
    }

    [Fact]
    public async Task ReadState_NothingStored_EtagNullRecordMissingDefaultState()
    {
        var read = await ReadAsync(Storage, NewGrainId());

        Assert.Null(read.ETag);
        Assert.False(read.RecordExists);
        Assert.Equal(new TestState(), read.State);
    }

    [Fact]
    public async Task WriteState_ThenRead_ReturnsTheStateAndTheWritesEtag()
    {
        var grainId = NewGrainId();

        var written = await WriteNewAsync(Storage, grainId, SampleState());
        var read = await ReadAsync(Storage, grainId);

        Assert.NotNull(written.ETag);
        Assert.True(written.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(SampleState(), read.State);
    }

    [Fact]
    public async Task WriteState_EachWrite_ChangesTheEtag()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(Storage, grainId, SampleState(1));
        var etags = new List<string?> { state.ETag };

        for (var steps = 2; steps <= 4; steps++)
        {
            state.State = SampleState(steps);
            await Storage.WriteStateAsync(StateName, grainId, state);
            etags.Add(state.ETag);
        }

        Assert.Equal(4, etags.Distinct().Count());
        Assert.DoesNotContain(null, etags);
        var read = await ReadAsync(Storage, grainId);
        Assert.Equal(etags[^1], read.ETag);
        Assert.Equal(SampleState(4), read.State);
    }

    [Fact]
    public async Task WriteState_StaleEtag_ThrowsInconsistentStateAndChangesNothing()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(Storage, grainId, SampleState(1));
        var staleEtag = state.ETag;
        state.State = SampleState(2);
        await Storage.WriteStateAsync(StateName, grainId, state);

        var stale = new GrainState<TestState> { State = SampleState(99), ETag = staleEtag, RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, stale));

        var read = await ReadAsync(Storage, grainId);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(SampleState(2), read.State);
    }

    [Fact]
    public async Task WriteState_EtagWhenNothingStored_ThrowsInconsistentStateAndStoresNothing()
    {
        var grainId = NewGrainId();
        var stored = await WriteNewAsync(Storage, NewGrainId(), SampleState());

        var claimed = new GrainState<TestState> { State = SampleState(), ETag = stored.ETag, RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, claimed));

        var read = await ReadAsync(Storage, grainId);
        Assert.Null(read.ETag);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task WriteState_NoEtagWhenAStateIsStored_ThrowsInconsistentStateAndChangesNothing()
    {
        var grainId = NewGrainId();
        var first = await WriteNewAsync(Storage, grainId, SampleState(1));

        // A second activation that never read: its insert must not overwrite the first one's row.
        var second = new GrainState<TestState> { State = SampleState(2) };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, second));

        var read = await ReadAsync(Storage, grainId);
        Assert.Equal(first.ETag, read.ETag);
        Assert.Equal(SampleState(1), read.State);
    }

    [Fact]
    public async Task ClearState_ThenRead_RecordMissingWithTheClearsNewEtag()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(Storage, grainId, SampleState());
        var writtenEtag = state.ETag;

        await Storage.ClearStateAsync(StateName, grainId, state);

        Assert.NotNull(state.ETag);
        Assert.NotEqual(writtenEtag, state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(new TestState(), state.State);
        var read = await ReadAsync(Storage, grainId);
        Assert.Equal(state.ETag, read.ETag);
        Assert.False(read.RecordExists);
        Assert.Equal(new TestState(), read.State);
    }

    [Fact]
    public async Task ClearState_ThenWriteWithTheClearsEtag_StoresTheNewState()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(Storage, grainId, SampleState(1));
        await Storage.ClearStateAsync(StateName, grainId, state);
        var clearedEtag = state.ETag;

        state.State = SampleState(2);
        await Storage.WriteStateAsync(StateName, grainId, state);

        Assert.NotEqual(clearedEtag, state.ETag);
        var read = await ReadAsync(Storage, grainId);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(SampleState(2), read.State);
    }

    [Fact]
    public async Task ClearState_StaleEtag_ThrowsInconsistentStateAndChangesNothing()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(Storage, grainId, SampleState(1));
        var staleEtag = state.ETag;
        state.State = SampleState(2);
        await Storage.WriteStateAsync(StateName, grainId, state);

        var stale = new GrainState<TestState> { State = SampleState(1), ETag = staleEtag, RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grainId, stale));

        var read = await ReadAsync(Storage, grainId);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(SampleState(2), read.State);
    }

    [Fact]
    public async Task ClearState_NothingStored_LeavesNothingStored()
    {
        var grainId = NewGrainId();
        var state = new GrainState<TestState> { State = new TestState() };

        await Storage.ClearStateAsync(StateName, grainId, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        var read = await ReadAsync(Storage, grainId);
        Assert.Null(read.ETag);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task ClearState_DeleteStateOnClear_DeletesTheRowAndTheEtagBecomesNull()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(DeletingStorage, grainId, SampleState(1));

        await DeletingStorage.ClearStateAsync(StateName, grainId, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(new TestState(), state.State);
        var read = await ReadAsync(DeletingStorage, grainId);
        Assert.Null(read.ETag);
        Assert.False(read.RecordExists);

        // Deleted, the state is written anew without an ETag.
        state.State = SampleState(2);
        await DeletingStorage.WriteStateAsync(StateName, grainId, state);
        Assert.Equal(SampleState(2), (await ReadAsync(DeletingStorage, grainId)).State);
    }

    [Fact]
    public async Task ClearState_DeleteStateOnClearWithStaleEtag_ThrowsInconsistentStateAndKeepsTheRow()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(DeletingStorage, grainId, SampleState(1));
        var staleEtag = state.ETag;
        state.State = SampleState(2);
        await DeletingStorage.WriteStateAsync(StateName, grainId, state);

        var stale = new GrainState<TestState> { State = SampleState(1), ETag = staleEtag, RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => DeletingStorage.ClearStateAsync(StateName, grainId, stale));

        var read = await ReadAsync(DeletingStorage, grainId);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(SampleState(2), read.State);
    }

    [Fact]
    public async Task WriteState_SameGrainOtherStateName_IsAStateOfItsOwn()
    {
        var grainId = NewGrainId();
        await WriteNewAsync(Storage, grainId, SampleState(1));
        await WriteNewAsync(Storage, grainId, SampleState(2), "journal");

        Assert.Equal(1, (await ReadAsync(Storage, grainId)).State!.Steps);
        Assert.Equal(2, (await ReadAsync(Storage, grainId, "journal")).State!.Steps);
        Assert.False((await ReadAsync(Storage, grainId, "other")).RecordExists);
    }

    [Fact]
    public async Task WriteState_ConcurrentWritesToDifferentGrains_AllLandWithTheirEtags()
    {
        const int Grains = 300;
        var grainIds = Enumerable.Range(0, Grains).Select(_ => NewGrainId()).ToArray();

        var firsts = await Task.WhenAll(grainIds.Select((grainId, i) => WriteNewAsync(Storage, grainId, SampleState(i))));
        await Task.WhenAll(grainIds.Select((grainId, i) =>
        {
            firsts[i].State = SampleState(i + Grains);
            return Storage.WriteStateAsync(StateName, grainId, firsts[i]);
        }));

        var reads = await Task.WhenAll(grainIds.Select(grainId => ReadAsync(Storage, grainId)));
        for (var i = 0; i < Grains; i++)
        {
            Assert.Equal(SampleState(i + Grains), reads[i].State);
            Assert.Equal(firsts[i].ETag, reads[i].ETag);
        }
    }
}
