namespace Coordination.Grains.Trips;

/// <summary>The reference for the planners: every pair of trips judged by <see cref="TripMatcher"/>, no index. Quadratic.</summary>
public static class TripPairChecker
{
    /// <summary>Every matching pair (lower id first) with the court that owns it.</summary>
    public static IEnumerable<(TripShape A, TripShape B, string Owner, TripMatch Match)> AllMatches(IReadOnlyList<TripShape> shapes, Func<string, TripRules> rulesOf)
    {
        for (var i = 0; i < shapes.Count; i++)
        {
            foreach (var match in MatchesOf(shapes[i], shapes, rulesOf))
            {
                if (string.CompareOrdinal(match.A.Trip.Id, match.B.Trip.Id) < 0)
                {
                    yield return match;
                }
            }
        }
    }

    /// <summary>Every trip of <paramref name="shapes"/> that matches <paramref name="shape"/>.</summary>
    public static IEnumerable<(TripShape A, TripShape B, string Owner, TripMatch Match)> MatchesOf(TripShape shape, IReadOnlyList<TripShape> shapes, Func<string, TripRules> rulesOf)
    {
        foreach (var other in shapes)
        {
            if (TripMatcher.OwnerOf(shape.Trip, other.Trip) is { } owner && TripMatcher.Match(shape, other, rulesOf(owner)) is { } match)
            {
                yield return (shape, other, owner, match);
            }
        }
    }
}
