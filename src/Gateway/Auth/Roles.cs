namespace Coordination.Gateway.Auth;

/// <summary>The roles a user can have; each token carries one.</summary>
public static class Roles
{
    /// <summary>Files cases (立案) and assigns judges in their court.</summary>
    public const string Clerk = "clerk";

    /// <summary>Works the cases of their court; sees their own agenda and plan.</summary>
    public const string Judge = "judge";

    /// <summary>The bureau chief: everything in their court, focus cases, extensions.</summary>
    public const string Chief = "chief";

    /// <summary>The command centre: reads every court of the deployment.</summary>
    public const string CommandCentre = "command-centre";

    /// <summary>A grid worker (网格员) of their court's grid areas: answers judges' assistance requests.</summary>
    public const string GridWorker = "grid-worker";

    /// <summary>A party who proved who they are with a code (阳光执行); never a configured user, only a short-lived token for one case.</summary>
    public const string Party = "party";

    /// <summary>Someone filing an enforcement application online, signed in with a code sent to their mobile; sees only their own applications.</summary>
    public const string Filer = "filer";

    /// <summary>Every role a configured user can have.</summary>
    public static readonly IReadOnlyList<string> All = [Clerk, Judge, Chief, CommandCentre, GridWorker];

    /// <summary>Every role a token can carry: the configured users' and the party's and filer's; the access table's columns, in order.</summary>
    public static readonly IReadOnlyList<string> Tokens = [.. All, Party, Filer];
}
