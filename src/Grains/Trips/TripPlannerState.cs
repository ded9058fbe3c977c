using System.Text.Json.Serialization;

namespace Coordination.Grains.Trips;

/// <summary>A planner's trips and suggestions (the index is rebuilt from the trips on activation).</summary>
[GenerateSerializer, Alias("Coordination.Grains.Trips.TripPlannerState")]
public sealed class TripPlannerState
{
    /// <summary>Trips held, by id, cancelled and merged ones included.</summary>
    [Id(0)]
    public Dictionary<string, Trip> Trips { get; set; } = [];

    /// <summary>Suggestions made, by id.</summary>
    [Id(1)]
    public Dictionary<string, TripSuggestion> Suggestions { get; set; } = [];
}

/// <summary>What changes a planner.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Trips.TripPlannerEvent")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(TripHeld), "trip-held")]
[JsonDerivedType(typeof(TripReleased), "trip-released")]
[JsonDerivedType(typeof(SuggestionSaved), "suggestion-saved")]
public abstract record TripPlannerEvent;

/// <summary>A trip is held, new or changed.</summary>
public sealed record TripHeld(Trip Trip) : TripPlannerEvent;

/// <summary>A trip is no longer held.</summary>
public sealed record TripReleased(string TripId) : TripPlannerEvent;

/// <summary>A suggestion was made or changed.</summary>
public sealed record SuggestionSaved(TripSuggestion Suggestion) : TripPlannerEvent;
