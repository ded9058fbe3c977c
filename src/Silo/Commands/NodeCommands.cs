using Coordination.Gateway.Auth;
using Coordination.Grains.Cases;
using Coordination.Silo.Runtime;
using Microsoft.Extensions.Options;

namespace Coordination.Silo.Commands;

/// <summary>
/// Command-line verbs run instead of the node: <c>token &lt;userId&gt;</c> prints a bearer token for a configured
/// user; <c>set-password &lt;userId&gt;</c> stores the password read from standard input for sign-in;
/// <c>verify-record &lt;caseNumber&gt;</c> recomputes a case record's hash chain from the database and checks the
/// stored state against the fold of the record;
/// <c>simulate</c> runs the device simulator against the broker; <c>apply-schema</c> applies the PostgreSQL schema
/// (<see cref="ApplySchemaCommand"/>). They read the same configuration as the node.
/// </summary>
internal static class NodeCommands
{
    public const string Usage = """
        Usage:
          Coordination.Silo [--urls http://127.0.0.1:5080] [--Setting:Name value ...]   run the node
          Coordination.Silo token <userId> [--Setting:Name value ...]                    print a bearer token for a user under Auth:Users
          Coordination.Silo set-password <userId> [--Setting:Name value ...] < file      store the password on standard input's first line (sign-in)
          Coordination.Silo verify-record <caseNumber>                                   check a case record's hash chain and the stored state against it (exit 1 if altered)
          Coordination.Silo simulate [--teams N] [--rate MSG_PER_S] [--duration SECONDS] [--malformed-every N]
                                                                                         move the configured field teams' devices (publishes to mosquitto)
          Coordination.Silo apply-schema [--Storage:PostgresConnectionString=...]        apply the PostgreSQL schema (deploy/sql/postgres) to the database, idempotently
        """;

    /// <summary>Whether <paramref name="args"/> name a verb (the node runs otherwise).</summary>
    public static bool IsVerb(string[] args) => args.Length > 0 && args[0] is "token" or "set-password" or "verify-record" or "simulate" or "apply-schema" or "help" or "--help";

    /// <summary>Where a verb's settings start: after the verb and its argument (<c>simulate</c> and <c>apply-schema</c> have none).</summary>
    public static int SettingsStart(string[] args) => Math.Min(args[0] is "simulate" or "apply-schema" ? 1 : 2, args.Length);

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration)
    {
        if (args[0] == "simulate")
        {
            return await SimulatorCommand.RunAsync(configuration);
        }

        if (args[0] == "apply-schema")
        {
            return await ApplySchemaCommand.RunAsync(configuration);
        }

        if (args[0] is "help" or "--help" || args.Length < 2 || args[1].StartsWith("--", StringComparison.Ordinal))
        {
            await Console.Out.WriteLineAsync(Usage);
            return args[0] is "help" or "--help" ? 0 : 2;
        }

        try
        {
            return args[0] switch
            {
                "token" => IssueToken(args[1], configuration),
                "set-password" => await SetPasswordAsync(args[1], configuration),
                _ => await VerifyRecordAsync(args[1], configuration),
            };
        }
        catch (Exception exception) when (exception is KeyNotFoundException or StorageUnavailableException or OptionsValidationException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 2;
        }
    }

    private static int IssueToken(string userId, IConfiguration configuration)
    {
        var options = Options.Create(AuthOptionsOf(configuration));
        using var users = new UserDirectory(configuration, options, Microsoft.Extensions.Logging.Abstractions.NullLogger<UserDirectory>.Instance);
        Console.WriteLine(new TokenIssuer(options, users, TimeProvider.System).Issue(userId));
        return 0;
    }

    private static async Task<int> SetPasswordAsync(string userId, IConfiguration configuration)
    {
        var options = AuthOptionsOf(configuration);
        if (options.Users.All(u => u.Id != userId))
        {
            throw new KeyNotFoundException($"No user {userId} under Auth:Users.");
        }

        var password = await Console.In.ReadLineAsync();
        if (password is not { Length: >= 8 })
        {
            await Console.Error.WriteLineAsync("Give the password (at least 8 characters) on standard input.");
            return 2;
        }

        new PasswordStore(Options.Create(options)).Set(userId, password);
        Console.WriteLine($"Password of {userId} stored in {Path.GetFullPath(options.PasswordsFile)}.");
        return 0;
    }

    private static AuthOptions AuthOptionsOf(IConfiguration configuration)
    {
        var options = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        var failure = new AuthOptionsValidator().Validate(null, options);
        return failure.Failed ? throw new OptionsValidationException(AuthOptions.SectionName, typeof(AuthOptions), failure.Failures) : options;
    }

    private static async Task<int> VerifyRecordAsync(string caseNumber, IConfiguration configuration)
    {
        var storage = configuration.GetSection(NodeStorageOptions.SectionName).Get<NodeStorageOptions>() ?? new NodeStorageOptions();
        var silo = configuration.GetSection(NodeSiloOptions.SectionName).Get<NodeSiloOptions>() ?? new NodeSiloOptions();
        await using var store = await OfflineStorage.OpenAsync(storage, silo.ServiceId);
        RecordVerification verification;
        try
        {
            verification = await StoredRecordVerifier.VerifyAsync(store.Logs, store.States, caseNumber);
        }
        catch (CaseNotFoundException missing)
        {
            await Console.Error.WriteLineAsync($"{missing.Message} ({store.Location})");
            return 2;
        }

        Console.WriteLine(verification switch
        {
            { Intact: true } => $"{caseNumber}: intact, {verification.Entries} entries, head {verification.HeadHash}",
            { FirstBadSequence: { } entry } => $"{caseNumber}: BROKEN at entry {entry}: {verification.Problem}",
            _ => $"{caseNumber}: STATE ALTERED: {verification.Problem}",
        });
        return verification.Intact ? 0 : 1;
    }
}
