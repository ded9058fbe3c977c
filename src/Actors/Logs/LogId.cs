namespace Coordination.Actors.Logs;

/// <summary>Names an append-only log: a kind of log (e.g. <c>case-record</c>) and the key of its owner.</summary>
public readonly record struct LogId(string Name, string Key)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Name}/{Key}";
}
