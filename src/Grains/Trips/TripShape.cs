using Coordination.Grains.Geography;
using NetTopologySuite.Geometries;

namespace Coordination.Grains.Trips;

/// <summary>A planned trip prepared for matching: its places, route, window and estimated round-trip length.</summary>
public sealed class TripShape
{
    /// <summary>Prepares <paramref name="trip"/>; <paramref name="start"/> (its court's seat) is where it sets out from when it has no route.</summary>
    public TripShape(Trip trip, GeoPoint? start)
    {
        Trip = trip;
        Destinations = trip.Plan.Destinations.Select(d => d.Point).ToArray();
        Route = trip.Plan.Route?.ToArray();
        RoundTripKm = 2 * PathMetres(Route ?? Prepend(start, Destinations)) / 1000;
        Envelope = new Envelope();
        foreach (var point in Destinations.Concat(Route ?? []))
        {
            Envelope.ExpandToInclude(point.Longitude, point.Latitude);
        }
    }

    /// <summary>The trip.</summary>
    public Trip Trip { get; }

    /// <summary>Its destinations.</summary>
    public GeoPoint[] Destinations { get; }

    /// <summary>Its route, if one was planned.</summary>
    public GeoPoint[]? Route { get; }

    /// <summary>Out along the route (or from the start through every destination) and back, kilometres.</summary>
    public double RoundTripKm { get; }

    /// <summary>Longitude/latitude bounds of its destinations and route.</summary>
    public Envelope Envelope { get; }

    /// <summary>Distance in metres from <paramref name="point"/> to the route, measured on a plane centred at the point.</summary>
    public double DistanceToRouteMetres(GeoPoint point)
    {
        var plane = new LocalPlane(point);
        var line = new Coordinate[Route!.Length];
        for (var i = 0; i < line.Length; i++)
        {
            line[i] = plane.Project(Route[i]);
        }

        return NetTopologySuite.Algorithm.DistanceComputer.PointToSegmentString(new Coordinate(0, 0), line);
    }

    private static GeoPoint[] Prepend(GeoPoint? start, GeoPoint[] points) => start is { } first ? [first, .. points] : points;

    private static double PathMetres(GeoPoint[] path)
    {
        var metres = 0.0;
        for (var i = 1; i < path.Length; i++)
        {
            metres += GeoDistance.Metres(path[i - 1], path[i]);
        }

        return metres;
    }
}
