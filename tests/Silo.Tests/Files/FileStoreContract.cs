using System.Security.Cryptography;
using Coordination.Gateway.Messages;

namespace Coordination.Silo.Tests.Files;

/// <summary>
/// What every <see cref="IFileStore"/> must do, on SQLite and on PostgreSQL alike: content read back byte for byte,
/// the same file kept once even when saved at the same time, a row whose content was changed refused on read
/// (through <see cref="AttachmentStore.OpenVerifiedAsync"/>, as the endpoints read). Each test's files are random, so
/// their hashes are its own.
/// </summary>
public abstract class FileStoreContract : IAsyncLifetime
{
    private readonly List<string> _saved = [];

    protected IFileStore Store { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual async Task DisposeAsync()
    {
        await DeleteAsync(_saved);
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    protected abstract Task<IFileStore> CreateStoreAsync();

    /// <summary>How many rows hold <paramref name="sha256"/>, read by SQL outside the store.</summary>
    protected abstract Task<long> CountRowsAsync(string sha256);

    /// <summary>Overwrites the stored content of <paramref name="sha256"/> by SQL outside the store, as a damaged disk or a hand edit would.</summary>
    protected abstract Task TamperAsync(string sha256, byte[] content);

    protected abstract Task DeleteAsync(IReadOnlyList<string> sha256s);

    [Fact]
    public async Task AFileOfSeveralMiB_ReadsBackByteForByte_WithItsSizeAndType()
    {
        var (file, content) = RandomPdf(3 * 1024 * 1024 + 17);

        Assert.True(await SaveAsync(file, content));

        Assert.Equal(file, await Store.FindAsync(file.Sha256, CancellationToken.None));
        await using var read = await AttachmentStore.OpenVerifiedAsync(Store, file.Sha256, CancellationToken.None);
        using var copy = new MemoryStream();
        await read!.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task TheSameFileSavedFourTimesAtOnce_IsStoredOnce()
    {
        var (file, content) = RandomPdf(200_000);

        var stored = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SaveAsync(file, content))));

        Assert.Equal(1, stored.Count(s => s));
        Assert.False(await SaveAsync(file, content));
        Assert.Equal(1, await CountRowsAsync(file.Sha256));
    }

    [Fact]
    public async Task ARowWhoseContentWasChanged_IsRefusedOnRead()
    {
        var (file, content) = RandomPdf(10_000);
        await SaveAsync(file, content);
        var altered = content.ToArray();
        altered[^1] ^= 0xFF;

        await TamperAsync(file.Sha256, altered);

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => AttachmentStore.OpenVerifiedAsync(Store, file.Sha256, CancellationToken.None));
        Assert.Contains(file.Sha256, refused.Message);
    }

    [Fact]
    public async Task AHashNeverStored_IsNotFound()
    {
        var (file, _) = RandomPdf(100);

        Assert.Null(await Store.FindAsync(file.Sha256, CancellationToken.None));
        Assert.Null(await AttachmentStore.OpenVerifiedAsync(Store, file.Sha256, CancellationToken.None));
    }

    protected async Task<bool> SaveAsync(StoredFile file, byte[] content)
    {
        lock (_saved)
        {
            _saved.Add(file.Sha256);
        }

        await using var stream = new MemoryStream(content, writable: false);
        return await Store.SaveAsync(file, stream, CancellationToken.None);
    }

    protected static (StoredFile File, byte[] Content) RandomPdf(int size)
    {
        var content = new byte[size];
        RandomNumberGenerator.Fill(content);
        "%PDF-1.7\n"u8.CopyTo(content);
        return (new StoredFile(Convert.ToHexStringLower(SHA256.HashData(content)), size, "application/pdf"), content);
    }
}
