using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.Notifications;

/// <summary>The embedded default: each message becomes one JSON line in a file (and counts as delivered), for trials without an SMS gateway.</summary>
public sealed class FileSmsChannel(IOptions<NotificationOptions> options) : ISmsChannel, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<SmsReceipt> SendAsync(Notice notice, CancellationToken cancellationToken)
    {
        var path = options.Value.FilePath;
        var line = JsonSerializer.Serialize(notice, GrainsJsonContext.Default.Notice) + "\n";
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.AppendAllTextAsync(path, line, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        return new SmsReceipt(Delivered: true);
    }

    public void Dispose() => _gate.Dispose();
}
