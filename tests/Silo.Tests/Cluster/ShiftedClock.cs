using System.Globalization;

namespace Coordination.Silo.Tests.Cluster;

/// <summary>
/// A wall clock that a test moves ahead for node processes, so that a court's midnight, when deadline tiers begin,
/// comes when the test wants it and every node of a cluster reads the same time. A process given
/// <see cref="Environment"/> loads this test assembly as a .NET startup hook (<see cref="StartupHook"/>), which puts
/// <see cref="Shifted"/> in the node's services for its grains and Orleans' reminders; it follows the offset the test
/// writes to <see cref="File"/>. Timers and timestamps stay real.
/// </summary>
internal sealed class ShiftedClock : IDisposable
{
    public const string FileVariable = "COORDINATION_TEST_CLOCK_FILE";

    private ShiftedClock(TimeZoneInfo timeZone)
    {
        TimeZone = timeZone;
        File = Path.Combine(Path.GetTempPath(), $"coordination-clock-{Guid.NewGuid():N}");
        Write(TimeSpan.Zero);
    }

    /// <summary>The whole-hour time zone for a court whose midnight the test moves the clock to (its <c>TimeZone</c>).</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>The file holding the offset, in seconds, that the nodes add to the real time.</summary>
    public string File { get; }

    /// <summary>The nodes' time minus the real time.</summary>
    public TimeSpan Offset { get; private set; }

    /// <summary>What the nodes' clocks read now (once they have read the file: within <see cref="Shifted.ReadEvery"/>).</summary>
    public DateTimeOffset Now => DateTimeOffset.UtcNow + Offset;

    /// <summary>The environment that puts a node process on this clock.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location,
        [FileVariable] = File,
    };

    /// <summary>
    /// A clock on real time for a time zone whose next midnight is 20 to 80 minutes away: when a test later moves the
    /// clock to it, the offset stays under an hour and a half, so the tokens the node's verb signs on the real clock stay valid.
    /// </summary>
    public static ShiftedClock ForTests()
    {
        var earliest = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(20);
        return new ShiftedClock(Enumerable.Range(-12, 27)
            .Select(hours => TimeZoneInfo.FindSystemTimeZoneById(hours == 0 ? "Etc/UTC" : $"Etc/GMT{(hours > 0 ? "-" : "+")}{Math.Abs(hours)}"))
            .MinBy(zone => NextMidnight(zone, earliest))!);
    }

    /// <summary>Moves the nodes' clocks so that the time zone's next midnight comes <paramref name="lead"/> from now; returns that midnight.</summary>
    public DateTimeOffset MoveMidnightTo(TimeSpan lead)
    {
        var then = DateTimeOffset.UtcNow + lead;
        var midnight = NextMidnight(TimeZone, then);
        Write(midnight - then);
        return midnight;
    }

    public void Dispose() => System.IO.File.Delete(File);

    private void Write(TimeSpan offset)
    {
        var next = File + ".next";
        System.IO.File.WriteAllText(next, offset.TotalSeconds.ToString("R", CultureInfo.InvariantCulture));
        System.IO.File.Move(next, File, overwrite: true); // whole, never half-written, for the nodes reading it
        Offset = offset;
    }

    private static DateTimeOffset NextMidnight(TimeZoneInfo zone, DateTimeOffset after)
    {
        var local = TimeZoneInfo.ConvertTime(after, zone);
        return new DateTimeOffset(local.Date.AddDays(1), local.Offset);
    }

    /// <summary>Real time plus the offset in a file, read again every <see cref="ReadEvery"/>; timers, timestamps and the local zone as the system's.</summary>
    internal sealed class Shifted : TimeProvider
    {
        public static readonly TimeSpan ReadEvery = TimeSpan.FromMilliseconds(50);

        private readonly string _file;
        private readonly ITimer _reading; // held: a timer nobody references is collected
        private long _offsetTicks;

        public Shifted(string file)
        {
            _file = file;
            Read(null);
            _reading = System.CreateTimer(Read, null, ReadEvery, ReadEvery);
        }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

        private void Read(object? state)
        {
            try
            {
                var seconds = double.Parse(global::System.IO.File.ReadAllText(_file), CultureInfo.InvariantCulture);
                Interlocked.Exchange(ref _offsetTicks, TimeSpan.FromSeconds(seconds).Ticks);
            }
            catch (IOException)
            {
                // the test removed it on its way out
            }
        }
    }
}
