namespace Coordination.Bench.Scenarios;

/// <summary>The state each writer of <c>provider-writes</c> stores: about 80 bytes of JSON, like a small grain's.</summary>
public sealed record ProviderWriteState(int Counter, string Note);
