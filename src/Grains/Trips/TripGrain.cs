using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Coordination.Grains.Courts;
using Coordination.Grains.Texts;

namespace Coordination.Grains.Trips;

/// <summary>
/// A trip. A change is stored with the planners still to be told (<see cref="TripState.SentVersion"/>), then sent; a
/// crash in between is caught up by the next call. A merge runs host-side steps and guest-side steps, each idempotent,
/// so answering "accept" again finishes a merge that was interrupted.
/// </summary>
[GrainType("trip")]
public sealed class TripGrain([PersistentState("trip")] IPersistentState<TripState> state, CourtAreas areas, CourtDirectory courts) : CoordinationGrain, ITripGrain
{
    private const int MaxPurposeLength = 500;

    private TripState State => state.State;

    private string Id => GetPrimaryKeyString();

    public async Task<Trip> File(string courtId, string judgeId, TripPlan plan)
    {
        if (State.Trip is not null)
        {
            throw new TripRefusedException(ProblemText.Of("trip.alreadyFiled", ("trip", Id)));
        }

        if (!courts.Contains(courtId))
        {
            throw new TripRefusedException(ProblemText.Of("trip.unknownCourt", ("court", courtId)));
        }

        plan.Validate(judges: 1, TimeProvider.GetUtcNow());
        return await SaveAsync(new Trip(Id, courtId, [judgeId], plan, TripStatus.Planned, null, areas.HoldersOf(courtId, plan.Destinations), 1));
    }

    public async Task<Trip> Change(TripPlan plan, string judgeId)
    {
        var trip = await OpenTripOfAsync(judgeId);
        plan.Validate(trip.Judges.Count, TimeProvider.GetUtcNow());
        return await SaveAsync(trip with { Plan = plan, Holders = areas.HoldersOf(trip.CourtId, plan.Destinations), Version = trip.Version + 1 });
    }

    public async Task<Trip> Cancel(string judgeId)
    {
        var trip = await OpenTripOfAsync(judgeId);
        return await SaveAsync(trip with { Status = TripStatus.Cancelled, Version = trip.Version + 1 });
    }

    public async Task<Trip?> Get()
    {
        await CatchUpAsync();
        return State.Trip;
    }

    public async Task<TripSuggestion> Answer(string suggestionId, string judgeId, bool accept)
    {
        var trip = await TripOfAsync(judgeId);
        if (TripSuggestion.TripsOf(suggestionId) is not { } pair || (pair.A != Id && pair.B != Id))
        {
            throw new TripSuggestionNotFoundException(suggestionId);
        }

        var planner = GrainFactory.GetGrain<ITripPlannerGrain>(TripSuggestion.CourtOf(suggestionId)!);
        var suggestion = await planner.Answer(suggestionId, judgeId, accept);
        if (suggestion.Status != SuggestionStatus.Accepted)
        {
            return suggestion;
        }

        var hostId = suggestion.Match.HostTripId;
        if (hostId == Id)
        {
            var guest = await GrainFactory.GetGrain<ITripGrain>(pair.A == Id ? pair.B : pair.A).JoinInto(Id, suggestionId);
            await AbsorbAsync(guest, suggestionId);
        }
        else
        {
            await GrainFactory.GetGrain<ITripGrain>(hostId).Absorb(trip, suggestionId);
            await JoinAsync(hostId);
        }

        await planner.MarkMerged(suggestionId);
        return (await planner.GetSuggestion(suggestionId))!;
    }

    public async Task<Trip> Absorb(Trip guest, string suggestionId)
    {
        await CatchUpAsync();
        return await AbsorbAsync(guest, suggestionId);
    }

    public async Task<Trip> JoinInto(string hostTripId, string suggestionId)
    {
        await CatchUpAsync();
        var trip = State.Trip ?? throw new TripNotFoundException(Id);
        await JoinAsync(hostTripId);
        return trip;
    }

    private async Task<Trip> AbsorbAsync(Trip guest, string suggestionId)
    {
        var host = State.Trip ?? throw new TripNotFoundException(Id);
        if (State.Absorbed.Contains(suggestionId))
        {
            return host;
        }

        if (!host.IsOpen)
        {
            throw new TripRefusedException(ProblemText.Of("trip.takesNoOneIn", ("trip", Id), ("tripStatus", StatusWord(host.Status))));
        }

        var (plan, extra) = (host.Plan, guest.Plan);
        var departAt = plan.DepartAt > extra.DepartAt ? plan.DepartAt : extra.DepartAt;
        var returnBy = plan.ReturnBy < extra.ReturnBy ? plan.ReturnBy : extra.ReturnBy;
        if (host.People + guest.People > plan.Seats || departAt >= returnBy)
        {
            throw new TripRefusedException(ProblemText.Of("trip.noLongerFits", ("guest", guest.Id), ("trip", Id)));
        }

        var purpose = $"{plan.Purpose}；{extra.Purpose}";
        var merged = plan with
        {
            Purpose = purpose.Length <= MaxPurposeLength ? purpose : purpose[..MaxPurposeLength],
            Destinations = [.. plan.Destinations, .. extra.Destinations.Where(d => !plan.Destinations.Contains(d))],
            DepartAt = departAt,
            ReturnBy = returnBy,
            CaseNumbers = [.. plan.CaseNumbers.Union(extra.CaseNumbers)],
            Members = [.. plan.Members.Union(extra.Members)],
        };
        State.Absorbed.Add(suggestionId);
        return await SaveAsync(host with
        {
            Judges = [.. host.Judges.Union(guest.Judges)],
            Plan = merged,
            Holders = areas.HoldersOf(host.CourtId, merged.Destinations),
            Version = host.Version + 1,
        });
    }

    private async Task JoinAsync(string hostTripId)
    {
        var trip = State.Trip!;
        if (trip.Status == TripStatus.Merged && trip.MergedInto == hostTripId)
        {
            return;
        }

        if (!trip.IsOpen)
        {
            throw new TripRefusedException(ProblemText.Of("trip.cannotJoin", ("trip", Id), ("tripStatus", StatusWord(trip.Status)), ("host", hostTripId)));
        }

        await SaveAsync(trip with { Status = TripStatus.Merged, MergedInto = hostTripId, Version = trip.Version + 1 });
    }

    private async Task<Trip> TripOfAsync(string judgeId)
    {
        await CatchUpAsync();
        var trip = State.Trip ?? throw new TripNotFoundException(Id);
        return trip.Judges.Contains(judgeId) ? trip : throw new TripRefusedException(ProblemText.Of("trip.notYourTrip", ("judge", judgeId), ("trip", Id)));
    }

    private async Task<Trip> OpenTripOfAsync(string judgeId)
    {
        var trip = await TripOfAsync(judgeId);
        return trip.IsOpen ? trip : throw new TripRefusedException(ProblemText.Of("trip.cannotChange", ("trip", Id), ("tripStatus", StatusWord(trip.Status))));
    }

    /// <summary>The status as refusals name it (<c>problem.tripStatus.{value}</c>): planned, cancelled or merged.</summary>
    private static string StatusWord(TripStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Stores the new version with the planners to tell, then tells them.</summary>
    private async Task<Trip> SaveAsync(Trip trip)
    {
        if (State.Trip is { } previous)
        {
            State.ReleaseFrom = [.. State.ReleaseFrom.Union(previous.Holders.Except(trip.Holders))];
        }

        State.Trip = trip;
        await state.WriteStateAsync();
        await SendAsync();
        return trip;
    }

    private Task CatchUpAsync() => State.Trip is { } trip && State.SentVersion < trip.Version ? SendAsync() : Task.CompletedTask;

    private async Task SendAsync()
    {
        var trip = State.Trip!;
        await Task.WhenAll(
            trip.Holders.Select(court => GrainFactory.GetGrain<ITripPlannerGrain>(court).Hold(trip))
                .Concat(State.ReleaseFrom.Select(court => GrainFactory.GetGrain<ITripPlannerGrain>(court).Release(trip.Id))));
        State.SentVersion = trip.Version;
        State.ReleaseFrom = [];
        await state.WriteStateAsync();
    }
}
