namespace Coordination.Grains.Devices;

/// <summary>
/// Which sequence numbers a device already delivered: the highest, and the gaps below it (numbers skipped so far).
/// A number above the highest is new; one below is new only if it fills a gap. So a redelivery is recognised however
/// late the broker resends it (after a reconnect mosquitto may resend in-flight messages after newer queued ones).
/// At most <see cref="MaxGaps"/> gaps are kept; the oldest are given up (counted as delivered) beyond that.
/// </summary>
[GenerateSerializer, Alias("Coordination.Grains.Devices.SequenceWindow")]
public sealed class SequenceWindow
{
    /// <summary>Gaps remembered at most.</summary>
    public const int MaxGaps = 1000;

    /// <summary>The highest sequence number accepted; 0 before the first.</summary>
    [Id(0)]
    public long Highest { get; set; }

    /// <summary>Numbers below <see cref="Highest"/> not delivered yet, as ranges in ascending order.</summary>
    [Id(1)]
    public List<SequenceGap> Gaps { get; set; } = [];

    /// <summary>Marks <paramref name="sequence"/> (at least 1) as delivered; false if it was already (or is too old to tell).</summary>
    public bool TryAccept(long sequence)
    {
        if (sequence > Highest)
        {
            if (sequence > Highest + 1)
            {
                Gaps.Add(new SequenceGap(Highest + 1, sequence - 1));
                if (Gaps.Count > MaxGaps)
                {
                    Gaps.RemoveAt(0);
                }
            }

            Highest = sequence;
            return true;
        }

        var index = Gaps.FindIndex(g => g.From <= sequence && sequence <= g.To);
        if (sequence < 1 || index < 0)
        {
            return false;
        }

        var gap = Gaps[index];
        Gaps.RemoveAt(index);
        if (sequence < gap.To)
        {
            Gaps.Insert(index, new SequenceGap(sequence + 1, gap.To));
        }

        if (gap.From < sequence)
        {
            Gaps.Insert(index, new SequenceGap(gap.From, sequence - 1));
        }

        return true;
    }
}

/// <summary>Sequence numbers <paramref name="From"/> to <paramref name="To"/> (inclusive) not delivered yet.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Devices.SequenceGap")]
public sealed record SequenceGap([Id(0)] long From, [Id(1)] long To);
