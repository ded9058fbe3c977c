using Coordination.Grains.Geography;

namespace Coordination.Grains.Tests.Trips;

public sealed class LocalPlaneTests
{
    [Fact]
    public void DistancesOnThePlane_StayWithinHalfAPercentOfHaversine_ForTripsUpTo300Km()
    {
        var random = new Random(20261123);
        var worst = 0.0;
        for (var i = 0; i < 20_000; i++)
        {
            var origin = new GeoPoint(18 + (random.NextDouble() * 35), 75 + (random.NextDouble() * 60));
            var plane = new LocalPlane(origin);
            var a = Around(origin, random, 300_000);
            var b = Around(a, random, 300_000);
            if (GeoDistance.Metres(origin, b) > 300_000 || GeoDistance.Metres(a, b) < 1_000)
            {
                continue;
            }

            var error = Math.Abs(plane.Project(a).Distance(plane.Project(b)) / GeoDistance.Metres(a, b) - 1);
            worst = Math.Max(worst, error);
        }

        Assert.InRange(worst, 0, 0.005);
    }

    [Fact]
    public void DistanceFromTheOrigin_IsTheGreatCircleDistance()
    {
        var origin = new GeoPoint(31.23, 121.47);
        var plane = new LocalPlane(origin);
        var far = new GeoPoint(29.5, 119.0);

        Assert.Equal(GeoDistance.Metres(origin, far), plane.Project(far).Distance(new(0, 0)), 1e-6 * GeoDistance.Metres(origin, far));
        Assert.Equal((0d, 0d), (plane.Project(origin).X, plane.Project(origin).Y));
    }

    [Fact]
    public void Haversine_MatchesAKnownDistance()
    {
        // One degree of latitude on the mean-radius sphere.
        Assert.Equal(111_195.08, GeoDistance.Metres(new GeoPoint(30, 121), new GeoPoint(31, 121)), 0.01);
    }

    private static GeoPoint Around(GeoPoint centre, Random random, double maxMetres)
    {
        var distance = random.NextDouble() * maxMetres;
        var bearing = random.NextDouble() * 2 * Math.PI;
        return TripSamples.Offset(centre, distance * Math.Cos(bearing), distance * Math.Sin(bearing));
    }
}
