using Orleans;
using Coordination.Gateway.Auth;
using Coordination.Grains.Trips;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Access;

/// <summary>What access to a trip turns on.</summary>
/// <param name="TripId">The trip.</param>
/// <param name="Judges">The judges travelling.</param>
/// <param name="Holders">Its court and the courts it travels to.</param>
public sealed record TripResource(string TripId, IReadOnlyList<string> Judges, IReadOnlyList<string> Holders);

/// <summary>Trips (route <c>{tripId}</c>). Own: a judge travelling on it. Court: its court or a court it travels to.</summary>
internal sealed class TripAccess : ResourceAccess<TripResource>
{
    public override IReadOnlyList<string> Resources => [Access.Resources.Trip];

    public override string? RouteParameter => "tripId";

    protected override async ValueTask<TripResource?> LocateAsync(string resource, string key, HttpContext http) =>
        await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<ITripGrain>(key).Get() is { } trip ? new TripResource(trip.Id, trip.Judges, trip.Holders) : null;

    protected override Relation RelationOf(Caller caller, TripResource resource) =>
        resource.Judges.Contains(caller.UserId) ? Relation.Own : caller.CourtId is { } court && resource.Holders.Contains(court) ? Relation.Court : Relation.Other;
}
