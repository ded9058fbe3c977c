using Coordination.Grains.Texts;

namespace Coordination.Gateway.Auth;

/// <summary>A token names a user who is no longer configured, or no longer with the role or court it carries; <see cref="Reason"/> says which.</summary>
public sealed class UserChangedException(ProblemText reason) : Exception(reason.English), IHasProblemText
{
    /// <inheritdoc/>
    public ProblemText Reason { get; } = reason;
}
