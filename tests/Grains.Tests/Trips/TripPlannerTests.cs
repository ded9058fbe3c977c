using Coordination.Grains.Alerts;
using Coordination.Grains.Trips;
using Coordination.Grains.Validation;
using Coordination.Testing;
using static Coordination.Grains.Tests.Trips.TripSamples;

namespace Coordination.Grains.Tests.Trips;

/// <summary>Trips filed, answered, changed and merged through the trip and planner grains, as the gateway does it.</summary>
public sealed class TripPlannerTests : IAsyncLifetime
{
    private static readonly Coordination.Grains.Geography.GeoPoint Street = Offset(Centre("SH01"), 3_000, 4_000);
    private readonly CaseNode _node = new()
    {
        ConfigureDeployment = o =>
        {
            foreach (var court in o.Courts)
            {
                var sample = TripSamples.Courts.Single(c => c.Id == court.Id);
                (court.Seat, court.Area) = (sample.Seat, sample.Area);
            }
        },
    };

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    [Fact]
    public async Task TwoJudgesFilingTripsToTheSameStreet_AreBothToldAndTheChiefSeesTheSuggestion()
    {
        var wang = await _node.CollectAsync(AlertStreams.ForJudge("judge-wang"));
        var li = await _node.CollectAsync(AlertStreams.ForJudge("judge-li"));
        var chief = await _node.CollectAsync(AlertStreams.ForCourt("SH01"));
        var centre = await _node.CollectAsync(AlertStreams.CommandCentre);

        await FileAsync("trip-a", "judge-wang", Plan([Street], Afternoon));
        await FileAsync("trip-b", "judge-li", Plan([Offset(Street, 200, 0)], Afternoon.AddHours(1)));

        var id = TripSuggestion.IdOf("SH01", "trip-a", "trip-b");
        foreach (var stream in new[] { wang, li, chief, centre })
        {
            await Wait.UntilAsync(() => stream.Alerts.Any(a => a.Kind == AlertKind.TripSuggested && a.SuggestionId == id), "the suggestion on every stream");
        }

        var board = await Planner("SH01").GetBoard();
        var suggestion = Assert.Single(board.Suggestions);
        Assert.Equal((SuggestionStatus.Open, TripMatchRule.SameDestination), (suggestion.Status, suggestion.Match.Rule));
        Assert.Equal(["judge-wang", "judge-li"], suggestion.Judges);
        Assert.Equal(["trip-a", "trip-b"], board.Trips.Select(t => t.Id));
    }

    [Fact]
    public async Task WhenEveryJudgeAccepts_TheTripsMergeIntoOneVehicle()
    {
        await FileAsync("trip-a", "judge-wang", Plan([Street], Afternoon, members: 2, seats: 7));
        await FileAsync("trip-b", "judge-li", Plan([Offset(Street, 200, 0)], Afternoon.AddHours(1), seats: 3) with { Members = ["clerk-chen"] });
        var id = TripSuggestion.IdOf("SH01", "trip-a", "trip-b");
        var li = await _node.CollectAsync(AlertStreams.ForJudge("judge-li"));

        var first = await Trip("trip-b").Answer(id, "judge-li", accept: true);
        var second = await Trip("trip-a").Answer(id, "judge-wang", accept: true);

        Assert.Equal(SuggestionStatus.Open, first.Status);
        Assert.Equal(SuggestionStatus.Merged, second.Status);
        var host = (await Trip("trip-a").Get())!;
        var guest = (await Trip("trip-b").Get())!;
        Assert.Equal((TripStatus.Planned, 5, 7), (host.Status, host.People, host.Plan.Seats));
        Assert.Equal(["judge-wang", "judge-li"], host.Judges);
        Assert.Equal(2, host.Plan.Destinations.Count);
        Assert.Equal((TripStatus.Merged, "trip-a"), (guest.Status, guest.MergedInto));
        await Wait.UntilAsync(() => li.Alerts.Any(a => a.Kind == AlertKind.TripsMerged && a.TripId == "trip-a"), "the merge told to judge Li");
    }

    [Fact]
    public async Task ChangingATripSoTheTimesNoLongerOverlap_WithdrawsTheSuggestionAndTellsTheJudges()
    {
        await FileAsync("trip-a", "judge-wang", Plan([Street], Afternoon));
        await FileAsync("trip-b", "judge-li", Plan([Street], Afternoon));
        var li = await _node.CollectAsync(AlertStreams.ForJudge("judge-li"));

        await Trip("trip-a").Change(Plan([Street], Afternoon.AddDays(2)), "judge-wang");

        await Wait.UntilAsync(() => li.Alerts.Any(a => a.Kind == AlertKind.TripSuggestionWithdrawn), "the withdrawal told to judge Li");
        var suggestion = Assert.Single((await Planner("SH01").GetBoard()).Suggestions);
        Assert.Equal(SuggestionStatus.Withdrawn, suggestion.Status);
        Assert.Equal("Trip trip-a changed: the trips no longer overlap enough.", suggestion.Reason);
        Assert.Equal(("outcome.suggestion.noLongerOverlap", "trip-a"), (suggestion.ReasonText?.Key, suggestion.ReasonText?.Args["trip"]));

        await Trip("trip-a").Change(Plan([Street], Afternoon), "judge-wang");
        Assert.Equal(SuggestionStatus.Open, Assert.Single((await Planner("SH01").GetBoard()).Suggestions).Status);
    }

    [Fact]
    public async Task CancellingATrip_WithdrawsItsSuggestions_AndAnsweringOneAfterwardsIsRefused()
    {
        await FileAsync("trip-a", "judge-wang", Plan([Street], Afternoon));
        await FileAsync("trip-b", "judge-li", Plan([Street], Afternoon));
        var id = TripSuggestion.IdOf("SH01", "trip-a", "trip-b");

        await Trip("trip-a").Cancel("judge-wang");

        var suggestion = (await Planner("SH01").GetSuggestion(id))!;
        Assert.Equal((SuggestionStatus.Withdrawn, "Trip trip-a was cancelled."), (suggestion.Status, suggestion.Reason));
        Assert.Equal(("outcome.suggestion.tripCancelled", "trip-a"), (suggestion.ReasonText?.Key, suggestion.ReasonText?.Args["trip"]));
        await Assert.ThrowsAsync<TripRefusedException>(() => Trip("trip-b").Answer(id, "judge-li", accept: true));
    }

    [Fact]
    public async Task ADecline_ClosesTheSuggestion_UntilOneOfTheTripsChanges()
    {
        await FileAsync("trip-a", "judge-wang", Plan([Street], Afternoon));
        await FileAsync("trip-b", "judge-li", Plan([Street], Afternoon));
        var id = TripSuggestion.IdOf("SH01", "trip-a", "trip-b");

        var declined = await Trip("trip-b").Answer(id, "judge-li", accept: false);
        await Trip("trip-b").Get();

        Assert.Equal((SuggestionStatus.Declined, "Declined by judge-li."), (declined.Status, declined.Reason));
        Assert.Equal(("outcome.suggestion.declined", "judge-li"), (declined.ReasonText?.Key, declined.ReasonText?.Args["judge"]));
        Assert.Equal(SuggestionStatus.Declined, (await Planner("SH01").GetSuggestion(id))!.Status);
        await Trip("trip-a").Change(Plan([Offset(Street, 100, 0)], Afternoon), "judge-wang");
        Assert.Equal(SuggestionStatus.Open, (await Planner("SH01").GetSuggestion(id))!.Status);
    }

    [Fact]
    public async Task ATripIntoAnotherCourtsArea_IsMatchedByThatCourtsPlanner_AndBothChiefsAreTold()
    {
        var sh01 = await _node.CollectAsync(AlertStreams.ForCourt("SH01"));
        var sh02 = await _node.CollectAsync(AlertStreams.ForCourt("SH02"));
        var inSh02 = Offset(Centre("SH02"), 1_000, 0);

        var visiting = await FileAsync("trip-a", "judge-wang", Plan([inSh02], Afternoon));
        await Trip("trip-b").File("SH02", "judge-zhou", Plan([Offset(inSh02, 0, 500)], Afternoon));

        Assert.Equal(["SH01", "SH02"], visiting.Holders);
        var id = TripSuggestion.IdOf("SH02", "trip-a", "trip-b");
        await Wait.UntilAsync(() => sh01.Alerts.Any(a => a.SuggestionId == id) && sh02.Alerts.Any(a => a.SuggestionId == id), "the suggestion told to both chiefs");
        Assert.Empty((await Planner("SH01").GetBoard()).Suggestions);
        Assert.Equal(["SH01", "SH02"], (await Planner("SH02").GetSuggestion(id))!.Courts);
    }

    [Fact]
    public async Task AfterARestart_ThePlannerMatchesNewTripsWithThoseFiledBefore()
    {
        await FileAsync("trip-a", "judge-wang", Plan([Street], Afternoon));
        await _node.Node.RestartAsync();

        await FileAsync("trip-b", "judge-li", Plan([Street], Afternoon));

        Assert.Equal(SuggestionStatus.Open, (await Planner("SH01").GetSuggestion(TripSuggestion.IdOf("SH01", "trip-a", "trip-b")))!.Status);
    }

    [Fact]
    public async Task AJudgeCannotChangeOrAnswerForAnotherJudgesTrip()
    {
        await FileAsync("trip-a", "judge-wang", Plan([Street], Afternoon));
        await FileAsync("trip-b", "judge-li", Plan([Street], Afternoon));

        await Assert.ThrowsAsync<TripRefusedException>(() => Trip("trip-a").Change(Plan([Street], Afternoon), "judge-li"));
        await Assert.ThrowsAsync<TripRefusedException>(() => Trip("trip-a").Answer(TripSuggestion.IdOf("SH01", "trip-a", "trip-b"), "judge-li", accept: true));
    }

    [Fact]
    public async Task ATripWhoseReturnIsNotAfterNow_IsRefusedNamingReturnBy_WhenFiledOrChanged()
    {
        var now = _node.Time.GetUtcNow();
        var endedAnHourAgo = Plan([Street], now.AddHours(-5), hours: 4);
        var endsNow = Plan([Street], now.AddHours(-4), hours: 4);
        var underWay = Plan([Street], now.AddHours(-1), hours: 4);

        var passed = await Assert.ThrowsAsync<InputValidationException>(() => FileAsync("trip-a", "judge-wang", endedAnHourAgo));
        var atNow = await Assert.ThrowsAsync<InputValidationException>(() => FileAsync("trip-a", "judge-wang", endsNow));
        await FileAsync("trip-a", "judge-wang", underWay);
        var changed = await Assert.ThrowsAsync<InputValidationException>(() => Trip("trip-a").Change(endedAnHourAgo, "judge-wang"));

        Assert.All(new[] { passed, atNow, changed }, e => Assert.Equal(["returnBy"], e.Errors.Keys));
        Assert.Contains("already passed", changed.Errors["returnBy"][0]);
        Assert.Equal(underWay.ReturnBy, (await Trip("trip-a").Get())!.Plan.ReturnBy);
        Assert.Equal(["trip-a"], (await Planner("SH01").GetBoard()).Trips.Select(t => t.Id));
    }

    private Task<Trip> FileAsync(string id, string judge, TripPlan plan) => Trip(id).File("SH01", judge, plan);

    private ITripGrain Trip(string id) => _node.Client.GetGrain<ITripGrain>(id);

    private ITripPlannerGrain Planner(string court) => _node.Client.GetGrain<ITripPlannerGrain>(court);
}
