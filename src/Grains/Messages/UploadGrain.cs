using Coordination.Grains.Hosting;
using Orleans.Runtime;

namespace Coordination.Grains.Messages;

/// <summary>
/// That one uploader uploaded one file, keyed <c>&lt;uploader&gt;/&lt;sha256&gt;</c>. Files are stored once per SHA-256,
/// so knowing a hash must not be enough to attach (and then read) someone else's file: a message or an application may
/// name only files its author uploaded. One grain per pair keeps every check a single lookup however many files a user
/// uploads.
/// </summary>
[Alias("Coordination.Grains.Messages.IUploadGrain")]
public interface IUploadGrain : IGrainWithStringKey
{
    /// <summary>Records that the uploader holds the file; repeating it changes nothing.</summary>
    [Alias("Hold")]
    Task Hold();

    /// <summary>Whether the uploader uploaded the file.</summary>
    [Alias("IsHeld")]
    [ReadOnly]
    Task<bool> IsHeld();
}

/// <summary>When the uploader first uploaded the file.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Messages.UploadState")]
public sealed class UploadState
{
    /// <summary>Null until uploaded.</summary>
    [Id(0)]
    public DateTimeOffset? UploadedAt { get; set; }
}

/// <inheritdoc cref="IUploadGrain" />
[GrainType("upload")]
public sealed class UploadGrain([PersistentState("upload")] IPersistentState<UploadState> state) : CoordinationGrain, IUploadGrain
{
    /// <summary>The grain key of <paramref name="uploader"/>'s upload of <paramref name="sha256"/>.</summary>
    public static string KeyOf(string uploader, string sha256) => $"{uploader}/{sha256.ToLowerInvariant()}";

    public async Task Hold()
    {
        if (state.State.UploadedAt is null)
        {
            state.State.UploadedAt = TimeProvider.GetUtcNow();
            await state.WriteStateAsync();
        }
    }

    public Task<bool> IsHeld() => Task.FromResult(state.State.UploadedAt is not null);
}
