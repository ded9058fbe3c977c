using Coordination.Grains.Texts;

namespace Coordination.Grains.Trips;

/// <summary>No trip is filed under the id.</summary>
public sealed class TripNotFoundException(string tripId) : KeyNotFoundException($"No trip {tripId} is filed.");

/// <summary>No suggestion has the id.</summary>
public sealed class TripSuggestionNotFoundException(string suggestionId) : KeyNotFoundException($"No shared-travel suggestion {suggestionId}.");

/// <summary>An action that makes no sense for the trip or suggestion as it stands; <see cref="Reason"/> says why.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Trips.TripRefusedException")]
public sealed class TripRefusedException(ProblemText reason) : InvalidOperationException(reason.English), IHasProblemText
{
    /// <inheritdoc/>
    [Id(0)]
    public ProblemText Reason { get; } = reason;
}
