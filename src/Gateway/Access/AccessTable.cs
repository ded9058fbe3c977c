using static Coordination.Gateway.Access.AccessScope;

namespace Coordination.Gateway.Access;

/// <summary>
/// Who may do what, written once: role × resource × operation. Every endpoint names its row (see
/// <see cref="AccessEndpointExtensions.RequireAccess{TBuilder}(TBuilder, string, string)"/>), the resource kind's handler
/// says how the caller stands to the object, and this table decides. The README's access table is this table; a test
/// compares them and walks every endpoint against it.
/// </summary>
public static class AccessTable
{
    /// <summary>Every row.</summary>
    public static readonly IReadOnlyList<AccessRule> Rules =
    [
        new(Resources.Case, "read") { Clerk = Court, Judge = Court, Chief = Court, CommandCentre = All },
        new(Resources.Case, "record-measure") { Judge = Own, Chief = Court },
        new(Resources.Case, "assign-judge") { Clerk = Court, Chief = Court },
        new(Resources.Case, "grant-extension") { Chief = Court },
        new(Resources.Case, "write-thread") { Judge = Own, Chief = Court },
        new(Resources.Case, "entrust") { Judge = Own, Chief = Court },
        new(Resources.Case, "request-assistance") { Judge = Own },
        new(Resources.Case, "flag-focus") { Chief = Court },
        new(Resources.Court, "file-case") { Clerk = Court, Chief = Court },
        new(Resources.Court, "read-cases") { Clerk = Court, Judge = Court, Chief = Court, CommandCentre = All },
        new(Resources.Court, "read-activity") { Clerk = Court, Judge = Court, Chief = Court, CommandCentre = All },
        new(Resources.Court, "read-filings") { Clerk = Court, Chief = Court, CommandCentre = All },
        new(Resources.Court, "supervise") { Chief = Court, CommandCentre = All },
        new(Resources.FieldTeam, "read") { Clerk = Court, Judge = Court, Chief = Court, CommandCentre = All },
        new(Resources.FieldTeam, "dispatch") { Judge = Own, Chief = Court },
        new(Resources.Device, "read") { Clerk = Court, Judge = Court, Chief = Court, CommandCentre = All },
        new(Resources.Device, "command") { Judge = Own, Chief = Court, CommandCentre = All },
        new(Resources.Trip, "read") { Clerk = Court, Judge = Court, Chief = Court, CommandCentre = All },
        new(Resources.Trip, "change") { Judge = Own },
        new(Resources.TripSuggestion, "answer") { Judge = Own },
        new(Resources.Entrustment, "read") { Clerk = Court, Judge = Court, Chief = Court, CommandCentre = All },
        new(Resources.EntrustedWork, "answer") { Judge = Court, Chief = Court },
        new(Resources.AssistanceRequest, "read") { Clerk = Court, Judge = Court, Chief = Court, CommandCentre = All, GridWorker = Own },
        new(Resources.AssistanceRequest, "answer") { GridWorker = Own },
        new(Resources.Notice, "approve") { Judge = Own, Chief = Court },
        new(Resources.Filing, "read") { Clerk = Court, Chief = Court, CommandCentre = All, Filer = Own },
        new(Resources.Filing, "decide") { Clerk = Court, Chief = Court },
        new(Resources.Filing, "resubmit") { Filer = Own },
        new(Resources.JudgeWork, "read") { Judge = All },
        new(Resources.JudgeWork, "plan") { Judge = All },
        new(Resources.GridWork, "read") { GridWorker = All },
        new(Resources.OwnFilings, "read") { Filer = All },
        new(Resources.OwnFilings, "submit") { Filer = All },
        new(Resources.PartyCase, "read") { Party = All },
        new(Resources.PartyCase, "write-thread") { Party = All },
        new(Resources.ApplicantCase, "send-clue") { Party = Own },
        new(Resources.ApplicantCase, "give-opinion") { Party = Own },
        new(Resources.Deployment, "list-courts") { Clerk = All, Judge = All, Chief = All, CommandCentre = All, GridWorker = All },
        new(Resources.Deployment, "read-map") { Chief = All, CommandCentre = All },
        new(Resources.Deployment, "read-bridge") { Chief = All, CommandCentre = All },
        new(Resources.Deployment, "read-peers") { Chief = All, CommandCentre = All },
        new(Resources.Deployment, "watch-all") { CommandCentre = All },
        new(Resources.Session, "read") { Clerk = All, Judge = All, Chief = All, CommandCentre = All, GridWorker = All, Party = All, Filer = All },
    ];

    private static readonly Dictionary<string, AccessRule> ByName = Rules.ToDictionary(r => r.Name);

    /// <summary>The row for <paramref name="resource"/> and <paramref name="operation"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is no such row: an endpoint names an operation the table lacks.</exception>
    public static AccessRule Rule(string resource, string operation) =>
        ByName.GetValueOrDefault($"{resource}:{operation}") ?? throw new KeyNotFoundException($"The access table has no row {resource}:{operation}.");

    /// <summary>
    /// Whether <paramref name="role"/> may see that an object it stands to as <paramref name="relation"/> exists: the
    /// kind's <c>read</c> row if it has one, otherwise any relation but <see cref="Relation.Other"/>.
    /// </summary>
    public static bool MaySee(string role, string resource, Relation relation) =>
        ByName.TryGetValue($"{resource}:read", out var read) ? read.Allows(role, relation) : relation != Relation.Other;
}
