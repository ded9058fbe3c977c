namespace Coordination.Gateway.Messages;

/// <summary>
/// Where the node keeps the content of stored files: a table of its own database (SQLite or PostgreSQL, implemented in
/// the node's runtime), so that on one PostgreSQL every node of a cluster serves every file. A dumb, content-addressed
/// store: <see cref="AttachmentStore"/> computes the hash, checks the type and checks the hash again on every read.
/// </summary>
public interface IFileStore
{
    /// <summary>
    /// Stores <paramref name="content"/> (seekable, exactly <see cref="StoredFile.Size"/> bytes from its start) under
    /// <see cref="StoredFile.Sha256"/> in one transaction, unless a file with that hash is stored already.
    /// </summary>
    /// <returns>True if it was stored now, false if it was there already.</returns>
    Task<bool> SaveAsync(StoredFile file, Stream content, CancellationToken cancellationToken);

    /// <summary>The stored file with <paramref name="sha256"/> (lower-case hex), without reading its content; null if there is none.</summary>
    Task<StoredFile?> FindAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Copies the content stored under <paramref name="sha256"/> (lower-case hex) to <paramref name="destination"/>; false if there is none.</summary>
    Task<bool> CopyToAsync(string sha256, Stream destination, CancellationToken cancellationToken);
}
