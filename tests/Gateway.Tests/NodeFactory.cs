using System.Net.Http.Headers;
using Coordination.Gateway.Auth;
using Coordination.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Coordination.Gateway.Tests;

/// <summary>
/// The real node in memory, on a temporary SQLite database, with a fake clock (the grains read it and reminders
/// fire on it; Orleans' own clocks stay on real time, see <see cref="TestNode.UseFakeClock(IServiceCollection, FakeTimeProvider)"/>) and the sample users of appsettings.json. Each host it builds gets its
/// own silo port, so factories run side by side.
/// </summary>
public sealed class NodeFactory : WebApplicationFactory<Program>
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("coordination-gateway-");

    public string DatabasePath => Path.Combine(_folder.FullName, "node.db");

    /// <summary>Where the file channel writes text messages.</summary>
    public string SmsFile => Path.Combine(_folder.FullName, "sms.jsonl");

    /// <summary>Where earlier versions kept uploaded attachments: the node imports what it finds there at start (files now live in its database).</summary>
    public string AttachmentsFolder => Path.Combine(_folder.FullName, "attachments");

    public FakeTimeProvider Time { get; } = new(TestNode.Start);

    /// <summary>Further settings, e.g. peers or limits.</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    /// <summary>Replaces services of the node after its own, e.g. the device bridge's command channel.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>A JSON settings file the node watches, as it watches appsettings.json, for tests that change settings while it runs.</summary>
    public string? WatchedSettingsFile { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:SqlitePath", DatabasePath);
        builder.UseSetting("Orleans:ReminderLoadingWindow", "3650.00:00:00"); // on the fake clock every reminder stays loaded
        builder.UseSetting("Orleans:SiloPort", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("DeviceBridge:Enabled", "false");
        builder.UseSetting("Auth:SigningKeyFile", Path.Combine(_folder.FullName, "signing.key"));
        builder.UseSetting("Auth:PasswordsFile", Path.Combine(_folder.FullName, "passwords.json"));
        builder.UseSetting("Notifications:FilePath", SmsFile);
        builder.UseSetting("Attachments:Directory", AttachmentsFolder);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (WatchedSettingsFile is { } file)
        {
            builder.ConfigureAppConfiguration(configuration => configuration.AddJsonFile(file, optional: false, reloadOnChange: true));
        }

        builder.ConfigureTestServices(services =>
        {
            TestNode.UseFakeClock(services, Time);
            ConfigureServices?.Invoke(services);
        });
    }

    /// <summary>A client carrying a token for the configured user <paramref name="userId"/>.</summary>
    public HttpClient ClientFor(string userId)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Services.GetRequiredService<TokenIssuer>().Issue(userId));
        return client;
    }

    /// <summary>Runs a statement on the node's SQLite file (e.g. to count or alter stored files) and returns its scalar result.</summary>
    public object? ExecuteSql(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteScalar();
    }

    /// <summary>How many files the node's database holds (none before its file store first opened).</summary>
    public long StoredFileCount() =>
        ExecuteSql("SELECT count(*) FROM sqlite_master WHERE name = 'stored_files'") is 0L ? 0 : (long)ExecuteSql("SELECT count(*) FROM stored_files")!;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Delete(recursive: true);
    }
}
