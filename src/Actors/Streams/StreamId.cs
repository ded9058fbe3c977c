namespace Coordination.Actors.Streams;

/// <summary>Names a stream: a namespace (e.g. <c>judge-alerts</c>) and a key (e.g. a judge id).</summary>
public readonly record struct StreamId(string Namespace, string Key)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Namespace}/{Key}";
}
