using Coordination.Grains.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Coordination.Grains.Trips;

/// <summary>
/// One planner's trips in NetTopologySuite STRtrees over longitude/latitude, one tree per day of the trips' time windows
/// (a trip sits in every day its window touches, and two trips that overlap in time share a day): a point entry per
/// destination and an entry per route segment, its bounds widened by the on-the-way distance. The trees only narrow the
/// candidates (their envelopes are widened with a margin); every candidate is then judged by <see cref="TripMatcher"/>,
/// so the index finds exactly the pairs the brute-force checker finds. An STRtree is read-only once built: trips filed
/// since are kept in a short list per day that is scanned too, and a day's tree is rebuilt when that list (or the share
/// of replaced entries) grows.
/// </summary>
public sealed class TripIndex
{
    private const double MetresPerDegree = 111_000; // a little under the sphere's 111,195: envelopes come out wider, never narrower
    private const double Margin = 1.01;
    private const double RouteBulge = 0.01; // a straight line on the plane strays from the lon/lat line by well under 1% of its length
    private static readonly long DayTicks = TimeSpan.FromDays(1).Ticks;
    private readonly Dictionary<string, TripShape> _shapes = [];
    private readonly Dictionary<long, Day> _days = [];

    /// <summary>An empty index for the planner of <paramref name="courtId"/>.</summary>
    public TripIndex(string courtId, TripRules rules)
    {
        CourtId = courtId;
        Rules = rules;
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
            foreach (var day in DaysOf(shape))
            {
                index.DayAt(day).Shapes.Add(shape);
            }
        }

        foreach (var day in index._days.Values)
        {
            index.Rebuild(day);
        }

        return index;
    }

    /// <summary>Adds or replaces a trip.</summary>
    public void Upsert(TripShape shape)
    {
        Remove(shape.Trip.Id);
        _shapes[shape.Trip.Id] = shape;
        foreach (var key in DaysOf(shape))
        {
            var day = DayAt(key);
            day.Shapes.Add(shape);
            foreach (var envelope in EntriesOf(shape))
            {
                day.Recent.Add((envelope, shape));
            }

            if (day.Recent.Count > Math.Max(64, day.Shapes.Count / 8))
            {
                Rebuild(day);
            }
        }
    }

    /// <summary>Removes a trip; false if it was not held.</summary>
    public bool Remove(string tripId)
    {
        if (!_shapes.Remove(tripId, out var old))
        {
            return false;
        }

        foreach (var key in DaysOf(old))
        {
            var day = _days[key];
            day.Stale += EntryCount(old);
            if (day.Stale > Math.Max(64, day.TreeEntries / 2))
            {
                Rebuild(day);
            }
        }

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

    /// <summary>Held trips sharing a day with <paramref name="shape"/> whose entries meet its search envelopes; a superset of its matches.</summary>
    private HashSet<TripShape> CandidatesOf(TripShape shape)
    {
        var found = new HashSet<TripShape>(ReferenceEqualityComparer.Instance);
        var searches = shape.Destinations.Select(d => Around(d.Latitude, d.Longitude, d.Latitude, d.Longitude, Rules.SameDestinationMetres)).ToList();
        if (shape.Route is not null)
        {
            searches.AddRange(SegmentEnvelopes(shape));
        }

        foreach (var key in DaysOf(shape))
        {
            if (_days.TryGetValue(key, out var day))
            {
                foreach (var search in searches)
                {
                    Collect(day, search, shape, found);
                }
            }
        }

        return found;
    }

    private void Collect(Day day, Envelope search, TripShape shape, HashSet<TripShape> found)
    {
        foreach (var candidate in day.Tree.Query(search))
        {
            Keep(candidate, shape, found);
        }

        foreach (var (envelope, candidate) in day.Recent)
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

    private Day DayAt(long key)
    {
        if (!_days.TryGetValue(key, out var day))
        {
            _days[key] = day = new Day();
        }

        return day;
    }

    /// <summary>Builds the day's tree from its current trips, dropping replaced and removed ones.</summary>
    private void Rebuild(Day day)
    {
        day.Shapes.RemoveAll(s => !_shapes.TryGetValue(s.Trip.Id, out var held) || !ReferenceEquals(held, s));
        var tree = new STRtree<TripShape>();
        var entries = 0;
        foreach (var shape in day.Shapes)
        {
            foreach (var envelope in EntriesOf(shape))
            {
                tree.Insert(envelope, shape);
                entries++;
            }
        }

        tree.Build();
        (day.Tree, day.TreeEntries, day.Stale) = (tree, entries, 0);
        day.Recent.Clear();
    }

    private static IEnumerable<long> DaysOf(TripShape shape)
    {
        var plan = shape.Trip.Plan;
        for (var day = plan.DepartAt.UtcTicks / DayTicks; day <= plan.ReturnBy.UtcTicks / DayTicks; day++)
        {
            yield return day;
        }
    }

    private IEnumerable<Envelope> EntriesOf(TripShape shape)
    {
        foreach (var destination in shape.Destinations)
        {
            yield return new Envelope(destination.Longitude, destination.Longitude, destination.Latitude, destination.Latitude);
        }

        foreach (var segment in SegmentEnvelopes(shape))
        {
            yield return segment;
        }
    }

    private static int EntryCount(TripShape shape) => shape.Destinations.Length + (shape.Route is null ? 0 : shape.Route.Length - 1);

    /// <summary>Each route segment's bounds widened by the on-the-way distance and the segment's possible bulge.</summary>
    private IEnumerable<Envelope> SegmentEnvelopes(TripShape shape)
    {
        var route = shape.Route ?? [];
        for (var i = 1; i < route.Length; i++)
        {
            var (a, b) = (route[i - 1], route[i]);
            yield return Around(
                Math.Min(a.Latitude, b.Latitude), Math.Min(a.Longitude, b.Longitude), Math.Max(a.Latitude, b.Latitude), Math.Max(a.Longitude, b.Longitude),
                Rules.OnTheWayMetres + (RouteBulge * GeoDistance.Metres(a, b)));
        }
    }

    /// <summary>A lon/lat box around a lat/lon box that holds every point within <paramref name="metres"/> of it.</summary>
    private static Envelope Around(double minLat, double minLon, double maxLat, double maxLon, double metres)
    {
        var dLat = metres * Margin / MetresPerDegree;
        var polewards = Math.Max(Math.Abs(minLat), Math.Abs(maxLat)) + dLat;
        var dLon = polewards >= 89 ? 360 : dLat / Math.Cos(polewards * Math.PI / 180);
        return new Envelope(minLon - dLon, maxLon + dLon, minLat - dLat, maxLat + dLat);
    }

    /// <summary>The trips whose windows touch one day (UTC), and their tree.</summary>
    private sealed class Day
    {
        public List<TripShape> Shapes { get; } = [];

        public List<(Envelope Envelope, TripShape Shape)> Recent { get; } = [];

        public STRtree<TripShape> Tree { get; set; } = new();

        public int TreeEntries { get; set; }

        public int Stale { get; set; }
    }
}
