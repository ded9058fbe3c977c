using Orleans.Runtime;
using Orleans.Streams;

namespace Coordination.Grains.Changes;

/// <summary>Says that what a page shows has changed, so that it reads it again; it carries nothing a reader could not read anyway.</summary>
/// <param name="Subject">What changed, as <see cref="ChangeStreams"/> names it (e.g. <c>case/(2026)沪0101执1号</c>).</param>
/// <param name="At">When it changed.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Changes.Change")]
public sealed record Change([property: Id(0)] string Subject, [property: Id(1)] DateTimeOffset At);

/// <summary>
/// Live change signals for the pages that have no alert stream (party, filer, clerk's queue, grid worker): one
/// in-memory stream per subject, live only. A signal lost (no subscriber, a node gone) costs nothing: a page reads
/// everything again when it connects, so it never depends on one.
/// </summary>
public static class ChangeStreams
{
    /// <summary>Stream namespace, keyed by subject.</summary>
    public const string Namespace = "changes";

    /// <summary>A case's progress, limits, account and thread.</summary>
    public static string Case(string caseNumber) => $"case/{caseNumber}";

    /// <summary>A court's online-filing queue.</summary>
    public static string FilingQueue(string courtId) => $"filing-queue/{courtId}";

    /// <summary>The applications filed from one mobile.</summary>
    public static string Filer(string mobile) => $"filer/{mobile}";

    /// <summary>A grid worker's requests.</summary>
    public static string GridWorker(string workerId) => $"grid/{workerId}";

    /// <summary>The stream of <paramref name="subject"/> on the in-memory provider.</summary>
    public static IAsyncStream<Change> For(IStreamProvider streams, string subject) => streams.GetStream<Change>(StreamId.Create(Namespace, subject));
}
