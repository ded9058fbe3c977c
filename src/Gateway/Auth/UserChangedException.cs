namespace Coordination.Gateway.Auth;

/// <summary>A token names a user who is no longer configured, or no longer with the role or court it carries.</summary>
public sealed class UserChangedException(string message) : Exception(message);
