using Coordination.Actors;
using Coordination.Gateway.Auth;
using Coordination.Grains.Courts;
using Coordination.Grains.Trips;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Coordination.Gateway.Trips;

/// <summary>
/// Outbound trips and shared-travel suggestions (集约出行): judges file, change and cancel their trips and answer
/// suggestions; people of a court (the chief above all) see its trip board; the command centre sees every court's.
/// </summary>
public static class TripsApi
{
    /// <summary>Maps <c>/trips</c>, <c>/trip-suggestions</c> and <c>/courts/{id}/trips</c>.</summary>
    public static IEndpointRouteBuilder MapTripsApi(this IEndpointRouteBuilder app)
    {
        var trips = app.MapGroup("/trips").WithTags("Trips").RequireAuthorization();
        trips.MapPost("/", File).WithName("FileTrip").WithSummary("Files an outbound trip for the calling judge; matching trips get a suggestion.");
        trips.MapGet("/{tripId}", Get).WithName("GetTrip").WithSummary("A trip (its judges, its court, the courts it travels to, the command centre).");
        trips.MapPut("/{tripId}", Change).WithName("ChangeTrip").WithSummary("Replaces the plan (a judge of the trip); its suggestions are updated or withdrawn.");
        trips.MapDelete("/{tripId}", Cancel).WithName("CancelTrip").WithSummary("Calls the trip off (a judge of the trip); its suggestions are withdrawn.");
        trips.MapGet("/{tripId}/suggestions", Suggestions).WithName("GetTripSuggestions").WithSummary("Every suggestion involving the trip.");
        app.MapPut("/trip-suggestions/{suggestionId}/answer", Answer).WithTags("Trips").RequireAuthorization().WithName("AnswerTripSuggestion")
            .WithSummary("A judge of one of the trips accepts or declines; when every judge accepted, the trips merge.");
        app.MapGet("/courts/{courtId}/trips", Board).WithTags("Trips").RequireAuthorization().WithName("GetCourtTrips")
            .WithSummary("The court's trip board: its trips, other courts' trips to its area, and the suggestions it made.");
        return app;
    }

    private static async Task<Results<Created<Trip>, ProblemHttpResult>> File(TripPlan plan, HttpContext http, IGrainFactory grains)
    {
        var caller = Caller.From(http.User);
        if (caller.Role != Roles.Judge || caller.CourtId is null)
        {
            return Forbidden.Because("Only judges file trips.");
        }

        var id = $"{caller.CourtId}-trip-{Guid.NewGuid().ToString("N")[..12]}";
        var trip = await grains.GetGrain<ITripGrain>(id).File(caller.CourtId, caller.UserId, plan);
        return TypedResults.Created($"/trips/{id}", trip);
    }

    private static async Task<Results<Ok<Trip>, ProblemHttpResult>> Get(string tripId, HttpContext http, IGrainFactory grains)
    {
        var trip = await grains.GetGrain<ITripGrain>(tripId).Get() ?? throw new TripNotFoundException(tripId);
        return CanSee(Caller.From(http.User), trip) ? TypedResults.Ok(trip) : Forbidden.Because($"Trip {tripId} is of court {trip.CourtId}.");
    }

    private static async Task<Results<Ok<Trip>, ProblemHttpResult>> Change(string tripId, TripPlan plan, HttpContext http, IGrainFactory grains) =>
        await AsJudgeOfAsync(tripId, http, grains) is { } refused ? refused : TypedResults.Ok(await grains.GetGrain<ITripGrain>(tripId).Change(plan, Caller.From(http.User).UserId));

    private static async Task<Results<Ok<Trip>, ProblemHttpResult>> Cancel(string tripId, HttpContext http, IGrainFactory grains) =>
        await AsJudgeOfAsync(tripId, http, grains) is { } refused ? refused : TypedResults.Ok(await grains.GetGrain<ITripGrain>(tripId).Cancel(Caller.From(http.User).UserId));

    private static async Task<Results<Ok<TripSuggestion[]>, ProblemHttpResult>> Suggestions(string tripId, HttpContext http, IGrainFactory grains)
    {
        var trip = await grains.GetGrain<ITripGrain>(tripId).Get() ?? throw new TripNotFoundException(tripId);
        if (!CanSee(Caller.From(http.User), trip))
        {
            return Forbidden.Because($"Trip {tripId} is of court {trip.CourtId}.");
        }

        var suggestions = await Task.WhenAll(trip.Holders.Select(court => grains.GetGrain<ITripPlannerGrain>(court).GetSuggestionsFor(tripId)));
        return TypedResults.Ok(suggestions.SelectMany(s => s).ToArray());
    }

    private static async Task<Results<Ok<TripSuggestion>, ProblemHttpResult>> Answer(string suggestionId, SuggestionAnswer answer, HttpContext http, IGrainFactory grains)
    {
        var caller = Caller.From(http.User);
        if (TripSuggestion.TripsOf(suggestionId) is not { } pair)
        {
            throw new TripSuggestionNotFoundException(suggestionId);
        }

        foreach (var tripId in new[] { pair.A, pair.B })
        {
            if (await grains.GetGrain<ITripGrain>(tripId).Get() is { } trip && trip.Judges.Contains(caller.UserId))
            {
                return TypedResults.Ok(await grains.GetGrain<ITripGrain>(tripId).Answer(suggestionId, caller.UserId, answer.Accept));
            }
        }

        return Forbidden.Because("Only the judges travelling on the suggestion's trips answer it.");
    }

    private static async Task<Results<Ok<TripBoard>, ProblemHttpResult>> Board(string courtId, HttpContext http, IGrainFactory grains, CourtDirectory courts)
    {
        if (!courts.Contains(courtId) || !Caller.From(http.User).CanSee(courtId))
        {
            return Forbidden.Because($"Only people of {courtId} and the command centre see its trips.");
        }

        return TypedResults.Ok(await grains.GetGrain<ITripPlannerGrain>(courtId).GetBoard());
    }

    /// <summary>The trip's judges, people of the courts holding it (its own and those it travels to), the command centre.</summary>
    private static bool CanSee(Caller caller, Trip trip) => trip.Judges.Contains(caller.UserId) || trip.Holders.Any(caller.CanSee);

    private static async Task<ProblemHttpResult?> AsJudgeOfAsync(string tripId, HttpContext http, IGrainFactory grains)
    {
        var trip = await grains.GetGrain<ITripGrain>(tripId).Get() ?? throw new TripNotFoundException(tripId);
        return trip.Judges.Contains(Caller.From(http.User).UserId) ? null : Forbidden.Because($"Only the judges travelling on trip {tripId} change it.");
    }
}

/// <summary>A judge's answer to a suggestion.</summary>
/// <param name="Accept">True to travel together, false to decline.</param>
public sealed record SuggestionAnswer(bool Accept);
