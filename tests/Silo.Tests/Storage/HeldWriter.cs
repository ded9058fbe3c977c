using Npgsql;

namespace Coordination.Silo.Tests.Storage;

/// <summary>A provider's commit held behind a row lock of another connection; releasing ends that transaction and awaits the held write.</summary>
internal sealed class HeldWriter(NpgsqlConnection locker, NpgsqlTransaction transaction, Task holding) : IAsyncDisposable
{
    private bool _released;

    /// <summary>Lets the held commit go and waits until its write is acknowledged.</summary>
    public async Task ReleaseAsync()
    {
        if (!_released)
        {
            _released = true;
            await transaction.RollbackAsync();
            await holding;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ReleaseAsync();
        }
        finally
        {
            await transaction.DisposeAsync();
            await locker.DisposeAsync();
        }
    }
}
