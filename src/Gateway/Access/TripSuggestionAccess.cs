using Orleans;
using Coordination.Gateway.Auth;
using Coordination.Grains.Trips;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Access;

/// <summary>A suggestion to travel together, by the judges of its two trips.</summary>
/// <param name="SuggestionId">The suggestion.</param>
/// <param name="Judges">The judges travelling on either trip.</param>
public sealed record TripSuggestionResource(string SuggestionId, IReadOnlyList<string> Judges);

/// <summary>Trip suggestions (route <c>{suggestionId}</c>). Own: a judge travelling on one of its trips.</summary>
internal sealed class TripSuggestionAccess : ResourceAccess<TripSuggestionResource>
{
    public override IReadOnlyList<string> Resources => [Access.Resources.TripSuggestion];

    public override string? RouteParameter => "suggestionId";

    protected override async ValueTask<TripSuggestionResource?> LocateAsync(string resource, string key, HttpContext http)
    {
        if (TripSuggestion.TripsOf(key) is not { } pair)
        {
            return null;
        }

        var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
        var trips = await Task.WhenAll(grains.GetGrain<ITripGrain>(pair.A).Get(), grains.GetGrain<ITripGrain>(pair.B).Get());
        return trips.All(t => t is null) ? null : new TripSuggestionResource(key, [.. trips.OfType<Trip>().SelectMany(t => t.Judges)]);
    }

    protected override Relation RelationOf(Caller caller, TripSuggestionResource resource) => resource.Judges.Contains(caller.UserId) ? Relation.Own : Relation.Other;
}
