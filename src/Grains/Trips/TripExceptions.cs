namespace Coordination.Grains.Trips;

/// <summary>No trip is filed under the id.</summary>
public sealed class TripNotFoundException(string tripId) : KeyNotFoundException($"No trip {tripId} is filed.");

/// <summary>No suggestion has the id.</summary>
public sealed class TripSuggestionNotFoundException(string suggestionId) : KeyNotFoundException($"No shared-travel suggestion {suggestionId}.");

/// <summary>An action that makes no sense for the trip or suggestion as it stands; the message says why.</summary>
public sealed class TripRefusedException(string message) : InvalidOperationException(message);
