namespace Coordination.Actors;

/// <summary>
/// A timer of one activation: not durable, gone when the activation deactivates. Each tick runs as a
/// turn of the grain; while a tick is queued or running, further ticks are skipped, so slow callbacks never pile up.
/// </summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the timer next fires and its period (<see cref="Timeout.InfiniteTimeSpan"/> for one shot).</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
