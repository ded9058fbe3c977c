using System.Diagnostics.Metrics;
using Coordination.Grains.Devices;

namespace Coordination.DeviceBridge.Telemetry;

/// <summary>
/// What the bridge did with each message: applied, duplicate, or dead-lettered per reason. Readable as a snapshot
/// and exported as the <c>coordination.bridge.messages</c> counter of the <c>Coordination.DeviceBridge</c> meter. Thread-safe.
/// </summary>
public sealed class BridgeCounters
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Coordination.DeviceBridge";

    private static readonly string[] ReasonNames = [.. Enum.GetValues<DeadLetterReason>().Select(Kebab)];
    private readonly long[] _deadLetters = new long[ReasonNames.Length];
    private readonly Counter<long> _messages;
    private long _accepted;
    private long _duplicates;
    private long _unpublishedDeadLetters;
    private long _commandsPublished;

    /// <summary>Creates the counters on <paramref name="meters"/>.</summary>
    public BridgeCounters(IMeterFactory meters) =>
        _messages = meters.Create(MeterName).CreateCounter<long>("coordination.bridge.messages", description: "Device messages by outcome");

    /// <summary>Counts a message a grain took.</summary>
    public void Count(TelemetryOutcome outcome)
    {
        Interlocked.Increment(ref outcome == TelemetryOutcome.Duplicate ? ref _duplicates : ref _accepted);
        _messages.Add(1, new KeyValuePair<string, object?>("outcome", outcome == TelemetryOutcome.Duplicate ? "duplicate" : "accepted"));
    }

    /// <summary>Counts a dead-lettered message.</summary>
    public void Count(DeadLetterReason reason)
    {
        Interlocked.Increment(ref _deadLetters[(int)reason]);
        _messages.Add(1, new KeyValuePair<string, object?>("outcome", "dead-letter"), new KeyValuePair<string, object?>("reason", ReasonNames[(int)reason]));
    }

    /// <summary>Counts a dead letter that could not be published in time (its message was acknowledged anyway).</summary>
    public void CountUnpublishedDeadLetter() => Interlocked.Increment(ref _unpublishedDeadLetters);

    /// <summary>Counts a command the broker acknowledged.</summary>
    public void CountCommandPublished() => Interlocked.Increment(ref _commandsPublished);

    /// <summary>Dead letters that could not be published in time.</summary>
    public long UnpublishedDeadLetters => Interlocked.Read(ref _unpublishedDeadLetters);

    /// <summary>Commands handed to the broker.</summary>
    public long CommandsPublished => Interlocked.Read(ref _commandsPublished);

    /// <summary>Messages applied by device grains.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Messages recognised as repeats.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Dead letters per reason (every reason listed, zeros included).</summary>
    public IReadOnlyDictionary<string, long> DeadLetters => ReasonNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => Interlocked.Read(ref _deadLetters[p.i]));

    /// <summary>The kebab-case name of a reason, as in dead letters: <c>FutureTimestamp</c> is <c>future-timestamp</c>.</summary>
    public static string NameOf(DeadLetterReason reason) => ReasonNames[(int)reason];

    private static string Kebab(DeadLetterReason reason) =>
        string.Concat(reason.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
