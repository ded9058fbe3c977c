using System.Buffers;
using System.Security.Cryptography;
using Orleans;
using Coordination.Grains.Devices;
using Coordination.Grains.Messages;
using Microsoft.Extensions.Options;

namespace Coordination.Gateway.Messages;

/// <summary>Where attachments are kept and what is accepted (section <c>Attachments</c>).</summary>
public sealed class AttachmentOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Attachments";

    /// <summary>The folder files are kept in, one file per SHA-256. Default <c>data/attachments</c>; nodes of one cluster share it.</summary>
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
public sealed class AttachmentTooLargeException(long maxBytes) : Exception($"An attachment may be at most {maxBytes:N0} bytes.");

/// <summary>The file is not of an accepted type, or is not what its Content-Type says.</summary>
public sealed class AttachmentTypeException(string message) : Exception(message);

/// <summary>
/// Content-addressed attachments: a file is written to a temporary name while its SHA-256 is computed, then renamed to
/// its hash, so a crash leaves either the whole file or nothing under that name, and the same file is kept once. Only
/// PDF, JPEG and PNG are accepted, recognised by their first bytes, not by what the sender claims. Reading checks the
/// hash again, so a file changed on disk is refused rather than served. Each upload is recorded for its uploader
/// (<see cref="IUploadGrain"/>), and a message or application may name only files its author uploaded.
/// </summary>
public sealed class AttachmentStore(IOptions<AttachmentOptions> options, IGrainFactory grains)
{
    private static readonly (string Type, byte[] Magic)[] Types =
    [
        ("application/pdf", "%PDF-"u8.ToArray()),
        ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        ("image/png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]),
    ];

    /// <summary>The accepted types.</summary>
    public static IEnumerable<string> AcceptedTypes => Types.Select(t => t.Type);

    private string Folder => Path.GetFullPath(options.Value.Directory);

    /// <summary>Stores <paramref name="content"/>, declared as <paramref name="declaredType"/>, as uploaded by <paramref name="uploader"/>.</summary>
    /// <exception cref="AttachmentTooLargeException">Too large.</exception>
    /// <exception cref="AttachmentTypeException">Not PDF, JPEG or PNG, or not the declared type.</exception>
    public async Task<StoredFile> SaveAsync(Stream content, string? declaredType, string uploader, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var temporary = Path.Combine(Folder, $".upload-{Guid.NewGuid():N}");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var header = new byte[8];
            var headerLength = 0;
            long size = 0;
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
                {
                    int read;
                    while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        size += read;
                        if (size > options.Value.MaxBytes)
                        {
                            throw new AttachmentTooLargeException(options.Value.MaxBytes);
                        }

                        var take = Math.Min(read, header.Length - headerLength);
                        buffer.AsSpan(0, take).CopyTo(header.AsSpan(headerLength));
                        headerLength += take;
                        hash.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    }

                    await file.FlushAsync(cancellationToken);
                    file.Flush(flushToDisk: true);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            var type = TypeOf(header.AsSpan(0, headerLength))
                ?? throw new AttachmentTypeException($"Only {string.Join(", ", AcceptedTypes)} files are accepted.");
            if (declaredType is not null && !declaredType.StartsWith(type, StringComparison.OrdinalIgnoreCase))
            {
                throw new AttachmentTypeException($"The file is {type}, not {declaredType}.");
            }

            var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            File.Move(temporary, PathOf(sha256), overwrite: true); // the same content under the same name either way
            await grains.GetGrain<IUploadGrain>(UploadGrain.KeyOf(uploader, sha256)).Hold();
            return new StoredFile(sha256, size, type);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Opens the file with <paramref name="sha256"/> after checking its content still has that hash; null if there is none.</summary>
    /// <exception cref="InvalidDataException">The file on disk no longer matches its hash.</exception>
    public async Task<Stream?> OpenAsync(string sha256, CancellationToken cancellationToken)
    {
        if (StoredPath(sha256) is not { } path)
        {
            return null;
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
        {
            await file.DisposeAsync();
            throw new InvalidDataException($"Attachment {sha256} was changed on disk (its content now hashes to {actual}).");
        }

        file.Position = 0;
        return file;
    }

    /// <summary>The stored file with <paramref name="sha256"/>, if any.</summary>
    public async Task<StoredFile?> FindAsync(string sha256, CancellationToken cancellationToken)
    {
        if (StoredPath(sha256) is not { } path)
        {
            return null;
        }

        await using var file = File.OpenRead(path);
        var header = new byte[8];
        var read = await file.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        return new StoredFile(sha256.ToLowerInvariant(), file.Length, TypeOf(header.AsSpan(0, read)) ?? "application/octet-stream");
    }

    /// <summary>
    /// The stored files <paramref name="named"/> refers to, with their sizes and types; a reference to a file
    /// <paramref name="uploader"/> did not upload (stored or not: the answer is the same), or without a name, is added
    /// to <paramref name="errors"/> under <paramref name="field"/>.
    /// </summary>
    public async Task<List<Grains.Cases.Attachment>> ResolveAsync(
        IReadOnlyList<FileRef>? named, string uploader, string field, int maxCount, Grains.Validation.FieldErrors errors, CancellationToken cancellationToken)
    {
        errors.Check(named is null || named.Count <= maxCount, field, $"at most {maxCount} files.");
        var files = new List<Grains.Cases.Attachment>();
        for (var i = 0; i < Math.Min(named?.Count ?? 0, maxCount); i++)
        {
            var reference = named![i];
            var stored = reference?.Sha256 is { } sha256 && EvidenceFile.IsSha256(sha256) && await grains.GetGrain<IUploadGrain>(UploadGrain.KeyOf(uploader, sha256)).IsHeld()
                ? await FindAsync(sha256, cancellationToken)
                : null;
            errors.Text(reference?.Name, $"{field}[{i}].name", 200)
                .Check(stored is not null, $"{field}[{i}].sha256", "no file you uploaded has this SHA-256: upload it first (POST .../attachments).");
            if (stored is not null && reference?.Name is { Length: > 0 and <= 200 } name && !string.IsNullOrWhiteSpace(name))
            {
                files.Add(new Grains.Cases.Attachment(name, stored.ContentType, stored.Size, stored.Sha256));
            }
        }

        return files;
    }

    private string PathOf(string sha256) => Path.Combine(Folder, sha256);

    /// <summary>Where the file with <paramref name="sha256"/> is kept, if it is a hash and such a file is stored.</summary>
    private string? StoredPath(string sha256) =>
        EvidenceFile.IsSha256(sha256) && PathOf(sha256.ToLowerInvariant()) is var path && File.Exists(path) ? path : null;

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
