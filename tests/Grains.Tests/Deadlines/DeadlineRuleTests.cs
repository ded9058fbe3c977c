using System.Text.Json;
using Coordination.Grains.Courts;
using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Tests.Deadlines;

public sealed class DeadlineRuleTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("coordination-rules-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.CreateCustomTimeZone("test+8", TimeSpan.FromHours(8), "test+8", "test+8");

    [Fact]
    public void CalendarDays_CountEveryDay_AndTiersBeginAtMidnightCourtTime()
    {
        var calendar = new CourtCalendar(DeadlineRuleSet.Default, Shanghai);
        var deadline = calendar.Open("n", DeadlineRuleIds.EnforcementNotice, new DateTimeOffset(2026, 1, 30, 20, 0, 0, TimeSpan.Zero)); // 31 Jan 04:00 in Shanghai
        Assert.Equal(new DateOnly(2026, 2, 3), deadline.DueDate);
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.FromHours(8)), deadline.UpcomingAt);
        Assert.Equal(new DateTimeOffset(2026, 2, 3, 0, 0, 0, TimeSpan.FromHours(8)), deadline.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 2, 4, 0, 0, 0, TimeSpan.FromHours(8)), deadline.OverdueAt);
    }

    [Fact]
    public void WorkingDays_SkipWeekendsAndHolidays_AndCountMakeUpWeekends()
    {
        var rules = DeadlineRuleSet.Default with
        {
            Calendar = new WorkingDayCalendar { Holidays = [new DateOnly(2026, 2, 16), new DateOnly(2026, 2, 17)], WorkingWeekendDays = [new DateOnly(2026, 2, 14)] },
            Rules = [.. DeadlineRuleSet.Default.Rules.Select(r => r.Id == DeadlineRuleIds.VerifyClue ? r with { WorkingDays = true } : r)],
        };
        var calendar = new CourtCalendar(rules, Shanghai);
        // Friday 13 Feb + 5 working days: Sat 14 (make-up), Wed 18, Thu 19, Fri 20, Mon 23.
        var deadline = calendar.Open("c", DeadlineRuleIds.VerifyClue, new DateTimeOffset(2026, 2, 13, 2, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2026, 2, 23), deadline.DueDate);
    }

    [Fact]
    public void RuleFile_ReplacesTheDefaults_WhenEveryRuleIsThere()
    {
        var path = Path.Combine(_folder.FullName, "rules.json");
        var custom = DeadlineRuleSet.Default with
        {
            UpcomingLeadDays = 3,
            Rules = [.. DeadlineRuleSet.Default.Rules.Select(r => r.Id == DeadlineRuleIds.EnforcementNotice ? r with { Days = 10 } : r)],
        };
        File.WriteAllText(path, JsonSerializer.Serialize(custom, GrainsJsonContext.Default.DeadlineRuleSet));
        var loaded = DeadlineRuleFile.Load(path);
        Assert.Equal(3, loaded.UpcomingLeadDays);
        Assert.Equal(10, loaded.Get(DeadlineRuleIds.EnforcementNotice).Days);
        Assert.Equal(DeadlineRuleSet.Default.Rules.Count, loaded.Rules.Count);
    }

    [Fact]
    public void SampleRuleFile_InDeploy_EqualsTheStatutoryDefaults()
    {
        var sample = DeadlineRuleFile.Load(Path.Combine(RepositoryRoot(), "deploy", "courts", "deadline-rules.json"));
        Assert.Equal(DeadlineRuleSet.Default.Rules, sample.Rules);
        Assert.Equal((DeadlineRuleSet.Default.UpcomingLeadDays, DeadlineRuleSet.Default.RenewalMarginDays), (sample.UpcomingLeadDays, sample.RenewalMarginDays));
    }

    [Fact]
    public void RuleFile_MissingARule_FailsTheCourtDirectoryNamingTheSettingAndTheRule()
    {
        var path = Path.Combine(_folder.FullName, "partial.json");
        File.WriteAllText(path, """{"rules":[{"id":"assign-judge","title":"Assign","days":7}]}""");
        var error = Assert.Throws<InvalidOperationException>(() => new CourtDirectory([new CourtOptions { Id = "SH01", Name = "x", RulesFile = path }]));
        Assert.StartsWith("Courts:0:RulesFile", error.Message);
        Assert.Contains("enforcement-notice", error.Message);
    }

    [Theory]
    [InlineData("", "Courts:0:Id")]
    [InlineData("SH 01", "Courts:0:Id")]
    public void CourtDirectory_RefusesBadIds(string id, string setting) =>
        Assert.StartsWith(setting, Assert.Throws<InvalidOperationException>(() => new CourtDirectory([new CourtOptions { Id = id }])).Message);

    [Fact]
    public void CourtDirectory_RefusesAnUnknownTimeZone() =>
        Assert.Contains("Courts:0:TimeZone", Assert.Throws<InvalidOperationException>(() => new CourtDirectory([new CourtOptions { Id = "SH01", TimeZone = "Mars/Olympus" }])).Message);

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Coordination.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Coordination.sln not found above " + AppContext.BaseDirectory);
    }
}
