using System.Buffers;
using System.Security.Cryptography;
using Orleans;
using Coordination.Grains.Devices;
using Coordination.Grains.Messages;
using Coordination.Grains.Texts;
using Microsoft.Extensions.Options;

namespace Coordination.Gateway.Messages;

/// <summary>What is accepted as an attachment (section <c>Attachments</c>).</summary>
public sealed class AttachmentOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Attachments";

    /// <summary>
    /// Only read at start: the folder where earlier versions kept files, one per SHA-256 (default <c>data/attachments</c>).
    /// A node that finds files there imports them into its database, hash-checked, and deletes each once it is stored
    /// (<see cref="AttachmentFolderImport"/>). Empty: nothing is imported.
    /// </summary>
    public string Directory { get; set; } = "data/attachments";

    /// <summary>Largest file accepted. Default 10 MiB.</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;
}

/// <summary>A file in the store.</summary>
/// <param name="Sha256">SHA-256 of its content, lower-case hex.</param>
/// <param name="Size">Bytes.</param>
/// <param name="ContentType">Its type, from its first bytes.</param>
public sealed record StoredFile(string Sha256, long Size, string ContentType);

/// <summary>The file is larger than <see cref="AttachmentOptions.MaxBytes"/>.</summary>
public sealed class AttachmentTooLargeException(long maxBytes) : Exception(TextOf(maxBytes).English), IHasProblemText
{
    /// <inheritdoc/>
    public ProblemText Reason { get; } = TextOf(maxBytes);

    private static ProblemText TextOf(long maxBytes) =>
        ProblemText.Of("message.fileTooLarge", ("max", maxBytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
}

/// <summary>The file is not of an accepted type, or is not what its Content-Type says; <see cref="Reason"/> says which.</summary>
public sealed class AttachmentTypeException(ProblemText reason) : Exception(reason.English), IHasProblemText
{
    /// <inheritdoc/>
    public ProblemText Reason { get; } = reason;
}

/// <summary>
/// Content-addressed attachments in the node's database (<see cref="IFileStore"/>): an upload is spooled to a temporary
/// file (deleted on close) while its SHA-256 is computed, then stored under its hash in one transaction, so a crash
/// leaves either the whole file or nothing, and the same file is kept once. Only PDF, JPEG and PNG are accepted,
/// recognised by their first bytes, not by what the sender claims. Reading copies the content out to a temporary file
/// while hashing it, and a content that no longer has its hash is refused rather than served. Each upload is recorded
/// for its uploader (<see cref="IUploadGrain"/>), and a message or application may name only files its author uploaded.
/// </summary>
public sealed class AttachmentStore(IOptions<AttachmentOptions> options, IFileStore files, IGrainFactory grains)
{
    private static readonly (string Type, byte[] Magic)[] Types =
    [
        ("application/pdf", "%PDF-"u8.ToArray()),
        ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        ("image/png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]),
    ];

    /// <summary>The accepted types.</summary>
    public static IEnumerable<string> AcceptedTypes => Types.Select(t => t.Type);

    /// <summary>Stores <paramref name="content"/>, declared as <paramref name="declaredType"/>, as uploaded by <paramref name="uploader"/>.</summary>
    /// <exception cref="AttachmentTooLargeException">Too large.</exception>
    /// <exception cref="AttachmentTypeException">Not PDF, JPEG or PNG, or not the declared type.</exception>
    public async Task<StoredFile> SaveAsync(Stream content, string? declaredType, string uploader, CancellationToken cancellationToken)
    {
        await using var spool = Spool();
        var file = await StoreAsync(content, spool, options.Value.MaxBytes, cancellationToken);
        if (declaredType is not null && !declaredType.StartsWith(file.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            throw new AttachmentTypeException(ProblemText.Of("message.fileNotDeclaredType", ("actual", file.ContentType), ("declared", declaredType)));
        }

        await files.SaveAsync(file, spool, cancellationToken);
        await grains.GetGrain<IUploadGrain>(UploadGrain.KeyOf(uploader, file.Sha256)).Hold();
        return file;
    }

    /// <summary>
    /// Stores a file an earlier version kept in its folder, if <paramref name="content"/> still hashes to
    /// <paramref name="sha256"/> and is of an accepted type (the size limit of today is not applied: it was accepted then).
    /// </summary>
    /// <returns>Null when stored (now or before), else why it was not.</returns>
    public async Task<string?> ImportAsync(Stream content, string sha256, CancellationToken cancellationToken)
    {
        await using var spool = Spool();
        StoredFile file;
        try
        {
            file = await StoreAsync(content, spool, long.MaxValue, cancellationToken);
        }
        catch (AttachmentTypeException wrongType)
        {
            return wrongType.Message;
        }

        if (!string.Equals(file.Sha256, sha256, StringComparison.OrdinalIgnoreCase))
        {
            return $"its content hashes to {file.Sha256}";
        }

        await files.SaveAsync(file, spool, cancellationToken);
        return null;
    }

    /// <summary>Opens the file with <paramref name="sha256"/> after checking its content still has that hash; null if there is none.</summary>
    /// <exception cref="InvalidDataException">The stored content no longer matches its hash.</exception>
    public Task<Stream?> OpenAsync(string sha256, CancellationToken cancellationToken) => OpenVerifiedAsync(files, sha256, cancellationToken);

    /// <summary>
    /// The content of <paramref name="files"/> under <paramref name="sha256"/>, copied out to a temporary file and hashed
    /// there, so what is served is what was checked; null if there is none.
    /// </summary>
    /// <exception cref="InvalidDataException">The stored content no longer matches its hash.</exception>
    public static async Task<Stream?> OpenVerifiedAsync(IFileStore files, string sha256, CancellationToken cancellationToken)
    {
        if (!EvidenceFile.IsSha256(sha256))
        {
            return null;
        }

        var spool = Spool();
        try
        {
            var key = sha256.ToLowerInvariant();
            if (!await files.CopyToAsync(key, spool, cancellationToken))
            {
                await spool.DisposeAsync();
                return null;
            }

            spool.Position = 0;
            var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(spool, cancellationToken));
            if (actual != key)
            {
                throw new InvalidDataException($"Attachment {key} was changed in the database (its content now hashes to {actual}).");
            }

            spool.Position = 0;
            return spool;
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    /// <summary>The stored file with <paramref name="sha256"/>, if any.</summary>
    public Task<StoredFile?> FindAsync(string sha256, CancellationToken cancellationToken) =>
        EvidenceFile.IsSha256(sha256) ? files.FindAsync(sha256.ToLowerInvariant(), cancellationToken) : Task.FromResult<StoredFile?>(null);

    /// <summary>
    /// The stored files <paramref name="named"/> refers to, with their sizes and types; a reference to a file
    /// <paramref name="uploader"/> did not upload (stored or not: the answer is the same), or without a name, is added
    /// to <paramref name="errors"/> under <paramref name="field"/>.
    /// </summary>
    public async Task<List<Grains.Cases.Attachment>> ResolveAsync(
        IReadOnlyList<FileRef>? named, string uploader, string field, int maxCount, Grains.Validation.FieldErrors errors, CancellationToken cancellationToken)
    {
        errors.Check(named is null || named.Count <= maxCount, field, "case.tooManyFiles", ("max", maxCount));
        var files = new List<Grains.Cases.Attachment>();
        for (var i = 0; i < Math.Min(named?.Count ?? 0, maxCount); i++)
        {
            if (await ResolveAsync(named![i], uploader, $"{field}[{i}]", errors, cancellationToken) is { } file)
            {
                files.Add(file);
            }
        }

        return files;
    }

    /// <summary>The stored file <paramref name="reference"/> refers to, as <see cref="ResolveAsync(IReadOnlyList{FileRef}?, string, string, int, Grains.Validation.FieldErrors, CancellationToken)"/> checks it.</summary>
    public async Task<Grains.Cases.Attachment?> ResolveAsync(
        FileRef? reference, string uploader, string field, Grains.Validation.FieldErrors errors, CancellationToken cancellationToken)
    {
        var stored = reference?.Sha256 is { } sha256 && EvidenceFile.IsSha256(sha256) && await grains.GetGrain<IUploadGrain>(UploadGrain.KeyOf(uploader, sha256)).IsHeld()
            ? await FindAsync(sha256, cancellationToken)
            : null;
        errors.Text(reference?.Name, $"{field}.name", 200)
            .Check(stored is not null, $"{field}.sha256", "message.notUploaded");
        return stored is not null && reference?.Name is { Length: > 0 and <= 200 } name && !string.IsNullOrWhiteSpace(name)
            ? new Grains.Cases.Attachment(name, stored.ContentType, stored.Size, stored.Sha256)
            : null;
    }

    /// <summary>A temporary file of this node, deleted when closed.</summary>
    private static FileStream Spool() =>
        new(Path.Combine(Path.GetTempPath(), $"coordination-file-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);

    /// <summary>Copies <paramref name="content"/> to <paramref name="spool"/> while hashing it and reading its type; leaves the spool at its start.</summary>
    private static async Task<StoredFile> StoreAsync(Stream content, FileStream spool, long maxBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var header = new byte[8];
        var headerLength = 0;
        long size = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                size += read;
                if (size > maxBytes)
                {
                    throw new AttachmentTooLargeException(maxBytes);
                }

                var take = Math.Min(read, header.Length - headerLength);
                buffer.AsSpan(0, take).CopyTo(header.AsSpan(headerLength));
                headerLength += take;
                hash.AppendData(buffer, 0, read);
                await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var type = TypeOf(header.AsSpan(0, headerLength))
            ?? throw new AttachmentTypeException(ProblemText.Of("message.fileTypes", ("types", string.Join(", ", AcceptedTypes))));
        await spool.FlushAsync(cancellationToken);
        spool.Position = 0;
        return new StoredFile(Convert.ToHexStringLower(hash.GetHashAndReset()), size, type);
    }

    private static string? TypeOf(ReadOnlySpan<byte> header)
    {
        foreach (var (type, magic) in Types)
        {
            if (header.StartsWith(magic))
            {
                return type;
            }
        }

        return null;
    }
}
