namespace Coordination.Actors.Streams;

/// <summary>The position of an item in its stream: 1 for the first item published since the node started.</summary>
public readonly record struct StreamSequenceToken(long SequenceNumber);
