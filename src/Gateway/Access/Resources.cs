namespace Coordination.Gateway.Access;

/// <summary>The kinds of object access is decided on: the "resource" column of the README's access table.</summary>
public static class Resources
{
    /// <summary>An enforcement case. Own: the judge in charge; the party whose token names it.</summary>
    public const string Case = "case";

    /// <summary>A court of the deployment: its lists, figures and streams. Court: the caller's own court.</summary>
    public const string Court = "court";

    /// <summary>A field team. Own: a member of the team, or the judge in charge of the case it is (or is being) sent on.</summary>
    public const string FieldTeam = "field-team";

    /// <summary>A field device (GPS tracker, body camera). Own: the judge in charge of the case of its team's current operation.</summary>
    public const string Device = "device";

    /// <summary>An outbound trip. Own: a judge travelling on it. Court: its court or a court it travels to.</summary>
    public const string Trip = "trip";

    /// <summary>A shared-travel suggestion. Own: a judge travelling on one of its trips.</summary>
    public const string TripSuggestion = "trip-suggestion";

    /// <summary>An entrustment, from either side. Court: the entrusting or the entrusted court.</summary>
    public const string Entrustment = "entrustment";

    /// <summary>Work entrusted to a court of this deployment. Court: the entrusted court.</summary>
    public const string EntrustedWork = "entrusted-work";

    /// <summary>A grid-worker assistance request. Own: the grid worker it went to.</summary>
    public const string AssistanceRequest = "assistance-request";

    /// <summary>A notice to a party. Own: the judge in charge of its case.</summary>
    public const string Notice = "notice";

    /// <summary>An online filing application. Own: the filer who submitted it.</summary>
    public const string Filing = "filing";

    /// <summary>The calling judge's own caseload, agenda, plan, unread messages, stream and trips.</summary>
    public const string JudgeWork = "judge-work";

    /// <summary>The calling grid worker's requests.</summary>
    public const string GridWork = "grid-work";

    /// <summary>The calling filer's applications and uploads.</summary>
    public const string OwnFilings = "own-filings";

    /// <summary>The one case a party token names: its view, thread and files.</summary>
    public const string PartyCase = "party-case";

    /// <summary>The case a party token names, for acts only applicants do. Own: the token acts for an applicant (or their lawyer).</summary>
    public const string ApplicantCase = "applicant-case";

    /// <summary>Deployment-wide views: the court list, the map, the device bridge, the peers, every court's alerts.</summary>
    public const string Deployment = "deployment";

    /// <summary>The caller's own session.</summary>
    public const string Session = "session";
}
