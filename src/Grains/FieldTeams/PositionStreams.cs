using Orleans.Runtime;
using Orleans.Streams;

namespace Coordination.Grains.FieldTeams;

/// <summary>Live positions: one in-memory stream per court (positions are too many and too short-lived to store).</summary>
public static class PositionStreams
{
    /// <summary>Stream namespace, keyed by court id.</summary>
    public const string Namespace = "positions";

    /// <summary>A court's positions stream on the in-memory provider.</summary>
    public static IAsyncStream<TeamPosition> ForCourt(IStreamProvider streams, string courtId) => streams.GetStream<TeamPosition>(StreamId.Create(Namespace, courtId));
}
