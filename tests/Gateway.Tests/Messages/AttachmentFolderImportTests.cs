using System.Security.Cryptography;
using Coordination.Gateway.Messages;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Tests.Messages;

/// <summary>A node that finds files in the folder earlier versions kept them in moves them into its database at start, hash-checked.</summary>
public sealed class AttachmentFolderImportTests : IAsyncLifetime
{
    private readonly NodeFactory _node = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task FilesInTheOldFolder_AreImportedOnce_AndOneThatNoLongerHasItsHashStaysThere()
    {
        Directory.CreateDirectory(_node.AttachmentsFolder);
        byte[] kept = [.. "%PDF-1.7\n"u8, .. RandomNumberGenerator.GetBytes(5000)];
        var keptSha256 = Convert.ToHexStringLower(SHA256.HashData(kept));
        File.WriteAllBytes(Path.Combine(_node.AttachmentsFolder, keptSha256), kept);
        var changedSha256 = Convert.ToHexStringLower(SHA256.HashData("%PDF-1.7 original"u8));
        File.WriteAllBytes(Path.Combine(_node.AttachmentsFolder, changedSha256), [.. "%PDF-1.7 changed on disk"u8]);
        File.WriteAllBytes(Path.Combine(_node.AttachmentsFolder, ".upload-0123"), [.. "%PDF-half"u8]);

        _ = _node.Server; // starts the node, and with it the import
        var store = _node.Services.GetRequiredService<AttachmentStore>();

        await using var imported = await store.OpenAsync(keptSha256, CancellationToken.None);
        using var copy = new MemoryStream();
        await imported!.CopyToAsync(copy);
        Assert.Equal(kept, copy.ToArray());
        Assert.Null(await store.FindAsync(changedSha256, CancellationToken.None));
        Assert.Equal([Path.Combine(_node.AttachmentsFolder, changedSha256)], Directory.GetFiles(_node.AttachmentsFolder));
        Assert.Equal(1, _node.StoredFileCount());
    }
}
