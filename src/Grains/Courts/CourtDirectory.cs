using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Courts;

/// <summary>The configured courts with their deadline calendars. Built once at start; safe for concurrent use.</summary>
public sealed class CourtDirectory
{
    private readonly Dictionary<string, (CourtOptions Options, CourtCalendar Calendar)> _courts;

    /// <summary>Builds the directory, reading each court's rule file.</summary>
    /// <exception cref="InvalidOperationException">A setting is wrong; the message names it.</exception>
    public CourtDirectory(IReadOnlyList<CourtOptions> courts)
    {
        _courts = [];
        for (var i = 0; i < courts.Count; i++)
        {
            var court = courts[i];
            var setting = $"{CourtOptions.SectionName}:{i}";
            if (string.IsNullOrWhiteSpace(court.Id) || court.Id.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
            {
                throw new InvalidOperationException($"{setting}:Id must be letters, digits or '-' (was '{court.Id}').");
            }

            if (!_courts.TryAdd(court.Id, (court, new CourtCalendar(LoadRules(court, setting), FindTimeZone(court, setting)))))
            {
                throw new InvalidOperationException($"{setting}:Id '{court.Id}' is configured twice.");
            }
        }

        if (_courts.Count == 0)
        {
            throw new InvalidOperationException($"{CourtOptions.SectionName} lists no court: configure at least one (Id, Name).");
        }
    }

    /// <summary>Every court id, in configuration order.</summary>
    public IEnumerable<string> CourtIds => _courts.Keys;

    /// <summary>Whether the court sends the notice of <paramref name="kind"/> only after the judge's click.</summary>
    public bool NoticeWaitsForJudge(string courtId, Cases.CaseStepKind kind) => Find(courtId).Options.ManualNotices.Contains(kind);

    /// <summary>Whether <paramref name="courtId"/> is a court of this deployment.</summary>
    public bool Contains(string courtId) => _courts.ContainsKey(courtId);

    /// <summary>The court's display name.</summary>
    public string NameOf(string courtId) => Find(courtId).Options.Name;

    /// <summary>The court's deadline calendar.</summary>
    public CourtCalendar CalendarOf(string courtId) => Find(courtId).Calendar;

    private (CourtOptions Options, CourtCalendar Calendar) Find(string courtId) =>
        _courts.TryGetValue(courtId, out var court) ? court : throw new KeyNotFoundException($"'{courtId}' is not a court of this deployment.");

    private static DeadlineRuleSet LoadRules(CourtOptions court, string setting)
    {
        if (string.IsNullOrEmpty(court.RulesFile))
        {
            return DeadlineRuleSet.Default;
        }

        try
        {
            return DeadlineRuleFile.Load(court.RulesFile);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new InvalidOperationException($"{setting}:RulesFile '{court.RulesFile}': {exception.Message}", exception);
        }
    }

    private static TimeZoneInfo FindTimeZone(CourtOptions court, string setting)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(court.TimeZone);
        }
        catch (TimeZoneNotFoundException) when (court.TimeZone == "Asia/Shanghai")
        {
            // Machines without tzdata: China has kept UTC+8 without daylight saving since 1991.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException($"{setting}:TimeZone '{court.TimeZone}' is not a known time zone.", exception);
        }
    }
}
