using System.Globalization;

namespace Coordination.Silo.Tests.Cluster;

/// <summary>
/// A wall clock ahead of the real one by a fixed offset, for node processes: a court's midnight, when deadline tiers
/// begin, comes a chosen time after the test starts, and every node of a cluster reads the same time. A process given
/// <see cref="Environment"/> loads this test assembly as a .NET startup hook (<see cref="StartupHook"/>), which puts
/// the shifted clock in the node's services for its grains and Orleans' reminders. Timers and timestamps stay real.
/// </summary>
internal sealed class ShiftedClock
{
    public const string OffsetVariable = "COORDINATION_TEST_CLOCK_OFFSET_SECONDS";

    private ShiftedClock(TimeSpan offset, TimeZoneInfo timeZone) => (Offset, TimeZone) = (offset, timeZone);

    /// <summary>The nodes' time minus the real time: under an hour, so that the tokens the node's verb signs on the real clock stay valid.</summary>
    public TimeSpan Offset { get; }

    /// <summary>The whole-hour time zone whose next midnight the offset is chosen for (a court's <c>TimeZone</c>).</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>What the nodes' clocks read now.</summary>
    public DateTimeOffset Now => DateTimeOffset.UtcNow + Offset;

    /// <summary>The environment that puts a node process on this clock.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location,
        [OffsetVariable] = Offset.TotalSeconds.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A clock on which, in some whole-hour time zone, a midnight comes <paramref name="lead"/> from now.</summary>
    public static ShiftedClock MidnightIn(TimeSpan lead)
    {
        var then = DateTimeOffset.UtcNow + lead;
        return Enumerable.Range(-12, 27)
            .Select(hours => TimeZoneInfo.FindSystemTimeZoneById(hours == 0 ? "Etc/UTC" : $"Etc/GMT{(hours > 0 ? "-" : "+")}{Math.Abs(hours)}"))
            .Select(zone => new ShiftedClock(UntilMidnight(then, zone), zone))
            .MinBy(clock => clock.Offset)!;
    }

    private static TimeSpan UntilMidnight(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var midnight = new DateTimeOffset(local.Date.AddDays(1), local.Offset);
        return TimeSpan.FromSeconds(Math.Ceiling((midnight - instant).TotalSeconds));
    }

    /// <summary>Real time plus a fixed offset; timers, timestamps and the local zone as the system's.</summary>
    internal sealed class Shifted(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
