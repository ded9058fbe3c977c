namespace Coordination.DeviceBridge.Telemetry;

/// <summary>Why a message is turned away, and what exactly was wrong.</summary>
public readonly record struct Rejection(DeadLetterReason Reason, string Detail);
