using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Gateway.Messages;

/// <summary>
/// At start, moves the files earlier versions kept in <see cref="AttachmentOptions.Directory"/> into the node's
/// database: each file whose content still hashes to its name and is of an accepted type is stored, then deleted from
/// the folder, so the import happens once and a crash in the middle only repeats it for what was not deleted yet.
/// A file that fails the check stays where it is, named in a warning at every start; the folder goes once it is empty.
/// The import never stops the start: a node whose database refuses it logs the error and serves what is stored.
/// </summary>
internal sealed partial class AttachmentFolderImport(IOptions<AttachmentOptions> options, AttachmentStore store, ILogger<AttachmentFolderImport> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var folder = options.Value.Directory;
        if (string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder))
        {
            return;
        }

        folder = Path.GetFullPath(folder);
        var (imported, refused) = (0, 0);
        try
        {
            foreach (var path in Directory.EnumerateFiles(folder))
            {
                var name = Path.GetFileName(path);
                if (name.StartsWith(".upload-", StringComparison.Ordinal))
                {
                    File.Delete(path); // an upload an earlier version had not finished
                    continue;
                }

                string? problem;
                await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous))
                {
                    problem = Grains.Devices.EvidenceFile.IsSha256(name) ? await store.ImportAsync(file, name, cancellationToken) : "its name is not a SHA-256";
                }

                if (problem is null)
                {
                    File.Delete(path);
                    imported++;
                }
                else
                {
                    refused++;
                    LogRefused(path, problem);
                }
            }

            if (refused == 0)
            {
                Directory.Delete(folder);
            }
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            LogFailed(folder, failure);
        }

        LogImported(imported, folder, refused);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Imported} attachments from {Folder} into the database ({Refused} refused)")]
    private partial void LogImported(int imported, string folder, int refused);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attachment {Path} was not imported: {Problem}; it stays in the folder")]
    private partial void LogRefused(string path, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Importing attachments from {Folder} failed; what was not imported stays in the folder and is tried at the next start")]
    private partial void LogFailed(string folder, Exception failure);
}
