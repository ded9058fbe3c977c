using Coordination.Grains.Geography;
using Coordination.Grains.Validation;

namespace Coordination.Grains.Trips;

/// <summary>A place a trip goes to.</summary>
/// <param name="Address">The address as written.</param>
/// <param name="Latitude">WGS 84 latitude.</param>
/// <param name="Longitude">WGS 84 longitude.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Trips.TripDestination")]
public sealed record TripDestination([Id(0)] string Address, [Id(1)] double Latitude, [Id(2)] double Longitude)
{
    /// <summary>The destination's position.</summary>
    public GeoPoint Point => new(Latitude, Longitude);
}

/// <summary>What a judge files for an outbound trip (集约出行).</summary>
/// <param name="Purpose">Why the trip is made.</param>
/// <param name="Destinations">One or more places, in the planned order.</param>
/// <param name="Route">The planned outbound route as a line, if known.</param>
/// <param name="DepartAt">Start of the time window.</param>
/// <param name="ReturnBy">End of the time window.</param>
/// <param name="CaseNumbers">The cases the trip is for.</param>
/// <param name="Members">Team members travelling besides the judge(s).</param>
/// <param name="Seats">Seats in the vehicle, driver included.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Trips.TripPlan")]
public sealed record TripPlan(
    [Id(0)] string Purpose, [Id(1)] IReadOnlyList<TripDestination> Destinations, [Id(2)] IReadOnlyList<GeoPoint>? Route, [Id(3)] DateTimeOffset DepartAt, [Id(4)] DateTimeOffset ReturnBy,
    [Id(5)] IReadOnlyList<string> CaseNumbers, [Id(6)] IReadOnlyList<string> Members, [Id(7)] int Seats)
{
    /// <summary>Longest window a trip may span.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(14);

    /// <summary>
    /// Checks every field; <paramref name="judges"/> travel too and need seats. A window that ends at or before
    /// <paramref name="now"/> has passed and is refused; one that began already (a trip under way) is not.
    /// </summary>
    /// <exception cref="InputValidationException">Something is wrong; each field is named.</exception>
    public void Validate(int judges, DateTimeOffset now)
    {
        var errors = new FieldErrors()
            .Text(Purpose, "purpose")
            .Check(Destinations is { Count: >= 1 and <= 20 }, "destinations", "trip.destinationCount")
            .Check(Route is null || Route.Count is >= 2 and <= 2_000, "route", "trip.routePoints")
            .Check(Route is null || Route.All(p => p.IsValid), "route", "trip.routePointRange")
            .Check(DepartAt < ReturnBy, "returnBy", "trip.returnBeforeDeparture")
            .Check(ReturnBy - DepartAt <= MaxWindow, "returnBy", "trip.windowTooLong")
            .Check(ReturnBy > now, "returnBy", "trip.windowPassed",
                ("now", now.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)))
            .Check(CaseNumbers is { Count: <= 100 } && CaseNumbers.All(c => !string.IsNullOrWhiteSpace(c)), "caseNumbers", "trip.caseNumbers")
            .Check(Members is { Count: <= 60 } && Members.All(m => !string.IsNullOrWhiteSpace(m)), "members", "trip.members")
            .Check(Seats is >= 1 and <= 60, "seats", "trip.seatCount")
            .Check(Members is null || judges + Members.Count <= Seats, "seats", "trip.tooFewSeats");
        for (var i = 0; Destinations is not null && i < Destinations.Count; i++)
        {
            var destination = Destinations[i];
            errors.Text(destination?.Address, $"destinations[{i}].address", 200)
                .Check(destination is not null && destination.Point.IsValid, $"destinations[{i}]", "trip.destinationRange");
        }

        errors.ThrowIfAny();
    }
}
