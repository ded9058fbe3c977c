using Coordination.Grains.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Coordination.Grains.Trips;

/// <summary>
/// One planner's trips in a NetTopologySuite STRtree over longitude/latitude: a point entry per destination and an entry
/// per route, its bounds widened by the on-the-way distance. The tree only narrows the candidates (its envelopes are
/// widened with a margin); every candidate is then judged by <see cref="TripMatcher"/>, so the index finds exactly the
/// pairs the brute-force checker finds. An STRtree is read-only once built: trips filed since are kept in a short list
/// that is scanned too, and the tree is rebuilt when that list (or the share of replaced entries) grows.
/// </summary>
public sealed class TripIndex
{
    private const double MetresPerDegree = 111_000; // a little under the sphere's 111,195: envelopes come out wider, never narrower
    private const double Margin = 1.01;
    private const double RouteBulge = 0.01; // a straight line on the plane strays from the lon/lat line by well under 1% of its length
    private readonly Dictionary<string, TripShape> _shapes = [];
    private readonly List<(Envelope Envelope, TripShape Shape)> _recent = [];
    private STRtree<TripShape> _tree = new();
    private int _treeEntries;
    private int _staleEntries;

    /// <summary>An empty index for the planner of <paramref name="courtId"/>.</summary>
    public TripIndex(string courtId, TripRules rules)
    {
        CourtId = courtId;
        Rules = rules;
        _tree.Build();
    }

    /// <summary>The planner's court: only pairs it owns are matched here (see <see cref="TripMatcher.OwnerOf"/>).</summary>
    public string CourtId { get; }

    /// <summary>The court's rules.</summary>
    public TripRules Rules { get; }

    /// <summary>How many trips it holds.</summary>
    public int Count => _shapes.Count;

    /// <summary>The trips it holds.</summary>
    public IEnumerable<TripShape> Shapes => _shapes.Values;

    /// <summary>The held shape of a trip, if any.</summary>
    public TripShape? Find(string tripId) => _shapes.GetValueOrDefault(tripId);

    /// <summary>Builds an index from many trips at once.</summary>
    public static TripIndex Build(string courtId, TripRules rules, IEnumerable<TripShape> shapes)
    {
        var index = new TripIndex(courtId, rules);
        foreach (var shape in shapes)
        {
            index._shapes[shape.Trip.Id] = shape;
        }

        index.Rebuild();
        return index;
    }

    /// <summary>Adds or replaces a trip.</summary>
    public void Upsert(TripShape shape)
    {
        if (_shapes.Remove(shape.Trip.Id, out var old))
        {
            _staleEntries += EntryCount(old);
        }

        _shapes[shape.Trip.Id] = shape;
        foreach (var envelope in EntriesOf(shape))
        {
            _recent.Add((envelope, shape));
        }

        RebuildIfWorn();
    }

    /// <summary>Removes a trip; false if it was not held.</summary>
    public bool Remove(string tripId)
    {
        if (!_shapes.Remove(tripId, out var old))
        {
            return false;
        }

        _staleEntries += EntryCount(old);
        RebuildIfWorn();
        return true;
    }

    /// <summary>Every held trip this planner pairs with <paramref name="shape"/> (which need not be held), with the match.</summary>
    public List<(TripShape Other, TripMatch Match)> MatchesOf(TripShape shape)
    {
        var matches = new List<(TripShape, TripMatch)>();
        foreach (var other in CandidatesOf(shape))
        {
            if (TripMatcher.OwnerOf(shape.Trip, other.Trip) == CourtId && TripMatcher.Match(shape, other, Rules) is { } match)
            {
                matches.Add((other, match));
            }
        }

        return matches;
    }

    /// <summary>Every pair of held trips this planner matches, each once (lower id first).</summary>
    public IEnumerable<(TripShape A, TripShape B, TripMatch Match)> AllMatches()
    {
        foreach (var shape in _shapes.Values)
        {
            foreach (var (other, match) in MatchesOf(shape))
            {
                if (string.CompareOrdinal(shape.Trip.Id, other.Trip.Id) < 0)
                {
                    yield return (shape, other, match);
                }
            }
        }
    }

    /// <summary>Held trips whose entries meet <paramref name="shape"/>'s search envelopes; a superset of its matches.</summary>
    private HashSet<TripShape> CandidatesOf(TripShape shape)
    {
        var found = new HashSet<TripShape>(ReferenceEqualityComparer.Instance);
        foreach (var destination in shape.Destinations)
        {
            Collect(Around(destination.Latitude, destination.Longitude, destination.Latitude, destination.Longitude, Rules.SameDestinationMetres), shape, found);
        }

        if (shape.Route is not null)
        {
            Collect(RouteEnvelope(shape), shape, found);
        }

        return found;
    }

    private void Collect(Envelope search, TripShape shape, HashSet<TripShape> found)
    {
        foreach (var candidate in _tree.Query(search))
        {
            Keep(candidate, shape, found);
        }

        foreach (var (envelope, candidate) in _recent)
        {
            if (envelope.Intersects(search))
            {
                Keep(candidate, shape, found);
            }
        }
    }

    private void Keep(TripShape candidate, TripShape shape, HashSet<TripShape> found)
    {
        // Entries of replaced or removed trips stay in the tree until the next rebuild: only the held shape counts.
        if (candidate.Trip.Id != shape.Trip.Id && _shapes.TryGetValue(candidate.Trip.Id, out var held) && ReferenceEquals(held, candidate))
        {
            found.Add(candidate);
        }
    }

    private void RebuildIfWorn()
    {
        if (_recent.Count > Math.Max(256, _shapes.Count / 8) || _staleEntries > Math.Max(256, _treeEntries / 2))
        {
            Rebuild();
        }
    }

    private void Rebuild()
    {
        var tree = new STRtree<TripShape>();
        var entries = 0;
        foreach (var shape in _shapes.Values)
        {
            foreach (var envelope in EntriesOf(shape))
            {
                tree.Insert(envelope, shape);
                entries++;
            }
        }

        tree.Build();
        (_tree, _treeEntries, _staleEntries) = (tree, entries, 0);
        _recent.Clear();
    }

    private IEnumerable<Envelope> EntriesOf(TripShape shape)
    {
        foreach (var destination in shape.Destinations)
        {
            yield return new Envelope(destination.Longitude, destination.Longitude, destination.Latitude, destination.Latitude);
        }

        if (shape.Route is not null)
        {
            yield return RouteEnvelope(shape);
        }
    }

    private static int EntryCount(TripShape shape) => shape.Destinations.Length + (shape.Route is null ? 0 : 1);

    /// <summary>The route's bounds widened by the on-the-way distance and the line's possible bulge.</summary>
    private Envelope RouteEnvelope(TripShape shape)
    {
        var route = shape.Route!;
        var (minLat, maxLat, minLon, maxLon, longest) = (double.MaxValue, double.MinValue, double.MaxValue, double.MinValue, 0.0);
        for (var i = 0; i < route.Length; i++)
        {
            (minLat, maxLat) = (Math.Min(minLat, route[i].Latitude), Math.Max(maxLat, route[i].Latitude));
            (minLon, maxLon) = (Math.Min(minLon, route[i].Longitude), Math.Max(maxLon, route[i].Longitude));
            longest = i == 0 ? 0 : Math.Max(longest, GeoDistance.Metres(route[i - 1], route[i]));
        }

        return Around(minLat, minLon, maxLat, maxLon, Rules.OnTheWayMetres + (RouteBulge * longest));
    }

    /// <summary>A lon/lat box around a lat/lon box that holds every point within <paramref name="metres"/> of it.</summary>
    private static Envelope Around(double minLat, double minLon, double maxLat, double maxLon, double metres)
    {
        var dLat = metres * Margin / MetresPerDegree;
        var polewards = Math.Max(Math.Abs(minLat), Math.Abs(maxLat)) + dLat;
        var dLon = polewards >= 89 ? 360 : dLat / Math.Cos(polewards * Math.PI / 180);
        return new Envelope(minLon - dLon, maxLon + dLon, minLat - dLat, maxLat + dLat);
    }
}
