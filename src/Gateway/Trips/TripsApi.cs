using Orleans;
using Coordination.Gateway.Access;
using Coordination.Gateway.Auth;
using Coordination.Grains.Trips;
using Coordination.Grains.Validation;
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
        var trips = app.MapGroup("/trips").WithTags("Trips");
        trips.MapPost("/", File).WithName("FileTrip").WithSummary("Files an outbound trip for the calling judge; matching trips get a suggestion.")
            .RequireAccess(Resources.JudgeWork, "plan");
        trips.MapGet("/{tripId}", Get).WithName("GetTrip").WithSummary("A trip (its judges, its court, the courts it travels to, the command centre).")
            .RequireAccess(Resources.Trip, "read");
        trips.MapPut("/{tripId}", Change).WithName("ChangeTrip").WithSummary("Replaces the plan (a judge of the trip); its suggestions are updated or withdrawn.")
            .RequireAccess(Resources.Trip, "change");
        trips.MapDelete("/{tripId}", Cancel).WithName("CancelTrip").WithSummary("Calls the trip off (a judge of the trip); its suggestions are withdrawn.")
            .RequireAccess(Resources.Trip, "change");
        trips.MapGet("/{tripId}/suggestions", Suggestions).WithName("GetTripSuggestions").WithSummary("Every suggestion involving the trip.")
            .RequireAccess(Resources.Trip, "read");
        app.MapPut("/trip-suggestions/{suggestionId}/answer", Answer).WithTags("Trips").WithName("AnswerTripSuggestion")
            .WithSummary("A judge of one of the trips accepts or declines; when every judge accepted, the trips merge.")
            .RequireAccess(Resources.TripSuggestion, "answer");
        app.MapGet("/courts/{courtId}/trips", Board).WithTags("Trips").WithName("GetCourtTrips")
            .WithSummary("The court's trip board: its trips, other courts' trips to its area, and the suggestions it made.")
            .RequireAccess(Resources.Court, "read-activity");
        return app;
    }

    private static async Task<Created<Trip>> File(TripPlan plan, HttpContext http, IGrainFactory grains)
    {
        var caller = Caller.From(http.User);
        await RequireOwnCourtCasesAsync(plan, [], caller, http);
        var id = $"{caller.CourtId}-trip-{Guid.NewGuid().ToString("N")[..12]}";
        var trip = await grains.GetGrain<ITripGrain>(id).File(caller.CourtId!, caller.UserId, plan);
        return TypedResults.Created($"/trips/{id}", trip);
    }

    private static async Task<Ok<Trip>> Get(string tripId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ITripGrain>(tripId).Get() ?? throw new TripNotFoundException(tripId));

    private static async Task<Ok<Trip>> Change(string tripId, TripPlan plan, HttpContext http, IGrainFactory grains)
    {
        var trip = grains.GetGrain<ITripGrain>(tripId);
        var current = await trip.Get() ?? throw new TripNotFoundException(tripId);
        var caller = Caller.From(http.User);
        await RequireOwnCourtCasesAsync(plan, current.Plan.CaseNumbers, caller, http);
        return TypedResults.Ok(await trip.Change(plan, caller.UserId));
    }

    private static async Task<Ok<Trip>> Cancel(string tripId, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ITripGrain>(tripId).Cancel(Caller.From(http.User).UserId));

    private static async Task<Ok<TripSuggestion[]>> Suggestions(string tripId, IGrainFactory grains)
    {
        var trip = await grains.GetGrain<ITripGrain>(tripId).Get() ?? throw new TripNotFoundException(tripId);
        var suggestions = await Task.WhenAll(trip.Holders.Select(court => grains.GetGrain<ITripPlannerGrain>(court).GetSuggestionsFor(tripId)));
        return TypedResults.Ok(suggestions.SelectMany(s => s).ToArray());
    }

    /// <summary>Answers on the caller's own trip of the pair: each judge answers for the vehicle they travel in.</summary>
    private static async Task<Ok<TripSuggestion>> Answer(string suggestionId, SuggestionAnswer answer, HttpContext http, IGrainFactory grains)
    {
        var caller = Caller.From(http.User);
        var (a, b) = TripSuggestion.TripsOf(suggestionId) ?? throw new TripSuggestionNotFoundException(suggestionId);
        foreach (var tripId in new[] { a, b })
        {
            if (await grains.GetGrain<ITripGrain>(tripId).Get() is { } trip && trip.Judges.Contains(caller.UserId))
            {
                return TypedResults.Ok(await grains.GetGrain<ITripGrain>(tripId).Answer(suggestionId, caller.UserId, answer.Accept));
            }
        }

        throw new TripSuggestionNotFoundException(suggestionId);
    }

    private static async Task<Ok<TripBoard>> Board(string courtId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ITripPlannerGrain>(courtId).GetBoard());

    /// <summary>
    /// A trip may name only cases of the filing judge's court, besides those it already names (a merged trip carries
    /// the other judge's). An unknown case and another court's case get the same answer.
    /// </summary>
    private static async Task RequireOwnCourtCasesAsync(TripPlan plan, IReadOnlyList<string> already, Caller caller, HttpContext http)
    {
        var errors = new FieldErrors();
        for (var i = 0; i < (plan.CaseNumbers?.Count ?? 0); i++)
        {
            var number = plan.CaseNumbers![i];
            if (!string.IsNullOrWhiteSpace(number) && !already.Contains(number))
            {
                var theCase = number.Length <= 64 ? await CaseAccess.FindAsync(number, http) : null;
                errors.Check(theCase?.CourtId == caller.CourtId, $"caseNumbers[{i}]", "trip.notYourCourtsCase", ("court", caller.CourtId));
            }
        }

        errors.ThrowIfAny();
    }
}

/// <summary>A judge's answer to a suggestion.</summary>
/// <param name="Accept">True to travel together, false to decline.</param>
public sealed record SuggestionAnswer(bool Accept);
