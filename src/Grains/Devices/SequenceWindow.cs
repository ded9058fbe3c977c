namespace Coordination.Grains.Devices;

/// <summary>
/// Which sequence numbers a device already delivered: the highest, and a bit per each of the 63 before it, so a late
/// or redelivered message is recognised even out of order. Anything older than the window counts as seen.
/// </summary>
public sealed class SequenceWindow
{
    private const int Width = 64;

    /// <summary>The highest sequence number accepted; 0 before the first.</summary>
    public long Highest { get; set; }

    /// <summary>Bit <c>i</c> set: <c>Highest - i</c> was accepted.</summary>
    public ulong Seen { get; set; }

    /// <summary>Marks <paramref name="sequence"/> (at least 1) as delivered; false if it was already, or is out of the window.</summary>
    public bool TryAccept(long sequence)
    {
        if (sequence > Highest)
        {
            var shift = sequence - Highest;
            Seen = shift >= Width ? 1UL : (Seen << (int)shift) | 1UL;
            Highest = sequence;
            return true;
        }

        var offset = Highest - sequence;
        if (sequence < 1 || offset >= Width)
        {
            return false;
        }

        var bit = 1UL << (int)offset;
        if ((Seen & bit) != 0)
        {
            return false;
        }

        Seen |= bit;
        return true;
    }
}
