using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.Gateway.Auth;
using Coordination.Gateway.Tests.Cases;
using Coordination.Gateway.Tests.Entrustment;
using Coordination.Grains.Devices.Commands;
using Coordination.Grains.Parties;
using Coordination.Grains.Tests.Devices;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Tests.Access;

/// <summary>
/// A node with one object of every kind in three "worlds", seen from the users who walk the API (clerk-li, judge-wang,
/// chief-zhao, grid-liu of SH01, centre-chen, the applicant of case A and the filer 13600000001):
/// <list type="bullet">
/// <item><c>own</c>: SH01 objects that are theirs (judge-wang's case A and trip, team SH01-T1, grid-liu's request, ...);</item>
/// <item><c>colleague</c>: SH01 objects of colleagues (judge-zhou's case B, team SH01-T2, grid-ma's request, ...);</item>
/// <item><c>other</c>: SH02 objects (judge-sun's case C, team SH02-T1, grid-xu's request, ...).</item>
/// </list>
/// </summary>
public sealed class SeededDeployment : IAsyncLifetime
{
    private static readonly string[] FilerMobiles = ["13600000001", "13600000002", "13600000003"];

    /// <summary>The walking users, by role.</summary>
    public static readonly IReadOnlyDictionary<string, WalkUser> Users = new Dictionary<string, WalkUser>
    {
        [Roles.Clerk] = new("clerk-li", Roles.Clerk, "SH01"),
        [Roles.Judge] = new("judge-wang", Roles.Judge, "SH01"),
        [Roles.Chief] = new("chief-zhao", Roles.Chief, "SH01"),
        [Roles.CommandCentre] = new("centre-chen", Roles.CommandCentre, null),
        [Roles.GridWorker] = new("grid-liu", Roles.GridWorker, "SH01"),
        [Roles.Party] = new("party:{A}:a0", Roles.Party, null),
        [Roles.Filer] = new("filer:" + FilerMobiles[0], Roles.Filer, null),
    };

    /// <summary>The node; its device bridge is a fake that delivers every command.</summary>
    public NodeFactory Node { get; } = new() { Settings = Settings(), ConfigureServices = services => services.AddSingleton<IDeviceCommandChannel>(new FakeDeviceCommandChannel()) };

    /// <summary>own, colleague, other.</summary>
    public IReadOnlyList<World> Worlds { get; private set; } = [];

    public World Own => Worlds[0];

    private readonly Dictionary<string, HttpClient> _clients = [];

    /// <summary>A client signed in as the walking user of <paramref name="role"/>.</summary>
    public HttpClient ClientOf(string role) => _clients[role];

    /// <summary>The walking user's subject for <paramref name="role"/>.</summary>
    public string SubjectOf(string role) => Users[role].Subject.Replace("{A}", Own.Values["caseNumber"], StringComparison.Ordinal);

    private static Dictionary<string, string> Settings()
    {
        var settings = PeerInboxApiTests.PeerSettings();
        foreach (var limit in new[] { "RequestsPerMinute", "PartyRequestsPerMinute", "SignInsPerMinute", "PeerRequestsPerMinute" })
        {
            settings[$"Limits:{limit}"] = "1000000";
        }

        // Beside the sample users: a second SH01 judge and an SH02 judge (for suggestions without judge-wang), an SH02 grid worker.
        AddUser(settings, 20, "judge-qin", Roles.Judge, "SH01");
        AddUser(settings, 21, "judge-he", Roles.Judge, "SH02");
        AddUser(settings, 22, "grid-xu", Roles.GridWorker, "SH02");
        settings["GridAreas:20:Id"] = "SH02-XJH";
        settings["GridAreas:20:CourtId"] = "SH02";
        settings["GridAreas:20:Name"] = "徐家汇街道";
        settings["GridAreas:20:WorkerId"] = "grid-xu";
        settings["GridAreas:20:ResponseDays"] = "7";
        var corners = new[] { (31.15, 121.41), (31.15, 121.46), (31.19, 121.46), (31.19, 121.41) };
        for (var i = 0; i < corners.Length; i++)
        {
            settings[$"GridAreas:20:Area:{i}:Latitude"] = corners[i].Item1.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[$"GridAreas:20:Area:{i}:Longitude"] = corners[i].Item2.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    private static void AddUser(Dictionary<string, string> settings, int index, string id, string role, string court)
    {
        settings[$"Auth:Users:{index}:Id"] = id;
        settings[$"Auth:Users:{index}:Name"] = id;
        settings[$"Auth:Users:{index}:Role"] = role;
        settings[$"Auth:Users:{index}:CourtId"] = court;
    }

    public async Task InitializeAsync()
    {
        // Debtors live in grid areas: NJDL (grid-liu), WT (grid-ma) of SH01, XJH (grid-xu) of SH02.
        var a = await FileCaseAsync("clerk-li", "chief-zhao", "SH01", "judge-wang", 31.235, 121.475);
        var b = await FileCaseAsync("clerk-li", "chief-zhao", "SH01", "judge-zhou", 31.235, 121.49);
        var c = await FileCaseAsync("chief-qian", "chief-qian", "SH02", "judge-sun", 31.17, 121.43);
        // Each world's team is on its world's case, so its devices are its judge's own to command.
        await DispatchAsync("chief-zhao", "SH01-T1", a);
        await DispatchAsync("chief-zhao", "SH01-T2", b);
        await DispatchAsync("chief-qian", "SH02-T1", c);

        var issuer = Node.Services.GetRequiredService<TokenIssuer>();
        foreach (var (role, user) in Users)
        {
            _clients[role] = Client(role switch
            {
                Roles.Party => issuer.IssueParty(new PartyIdentity(a, "a0", "张三")),
                Roles.Filer => issuer.IssueFiler(FilerMobiles[0]),
                _ => issuer.Issue(user.Subject),
            });
        }

        var tripsA = await FileTripsAsync(("judge-wang", 31.235, 121.48, a), ("judge-zhou", 31.2355, 121.48, b), ("judge-qin", 31.236, 121.48, null));
        var tripsC = await FileTripsAsync(("judge-sun", 31.17, 121.43, c), ("judge-he", 31.1705, 121.43, null));
        var filings = new List<(string Id, string Document)>();
        for (var i = 0; i < 3; i++)
        {
            filings.Add(await SubmitFilingAsync(FilerMobiles[i], i < 2 ? "SH01" : "SH02"));
        }

        Worlds =
        [
            new World("own", "SH01", new()
            {
                ["caseNumber"] = a, ["courtId"] = "SH01", ["judge"] = "judge-wang", ["teamId"] = "SH01-T1", ["deviceId"] = "SH01-T1-gps", ["tripId"] = tripsA[0],
                ["suggestionId"] = await SuggestionAsync("judge-wang", tripsA[0], tripsA[1]), ["entrustmentId"] = await EntrustAsync("SH01", "own"),
                ["requestId"] = await AssistanceAsync("judge-wang", a), ["key"] = await ManualNoticeAsync("judge-wang", a), ["id"] = filings[0].Id,
                ["filingFile"] = filings[0].Document, ["caseFile"] = await AttachAsync("judge-wang", a), ["itemId"] = await PlanItemAsync(),
            }, new()
            {
                ["case"] = ["judge-wang", $"party:{a}:a0"], ["field-team"] = ["judge-wang"], ["device"] = ["judge-wang"], ["trip"] = ["judge-wang"], ["trip-suggestion"] = ["judge-wang", "judge-zhou"],
                ["assistance-request"] = ["grid-liu"], ["notice"] = ["judge-wang"], ["filing"] = ["filer:" + FilerMobiles[0]],
            }),
            new World("colleague", "SH01", new()
            {
                ["caseNumber"] = b, ["courtId"] = "SH01", ["judge"] = "judge-zhou", ["teamId"] = "SH01-T2", ["deviceId"] = "SH01-T2-gps", ["tripId"] = tripsA[1],
                ["suggestionId"] = await SuggestionAsync("judge-zhou", tripsA[1], tripsA[2]), ["entrustmentId"] = await EntrustAsync("SH01", "colleague"),
                ["requestId"] = await AssistanceAsync("judge-zhou", b), ["key"] = await ManualNoticeAsync("judge-zhou", b), ["id"] = filings[1].Id,
                ["filingFile"] = filings[1].Document, ["caseFile"] = await AttachAsync("judge-zhou", b), ["itemId"] = "none",
            }, new()
            {
                ["case"] = ["judge-zhou"], ["field-team"] = ["judge-zhou"], ["device"] = ["judge-zhou"], ["trip"] = ["judge-zhou"], ["trip-suggestion"] = ["judge-zhou", "judge-qin"],
                ["assistance-request"] = ["grid-ma"], ["notice"] = ["judge-zhou"], ["filing"] = ["filer:" + FilerMobiles[1]],
            }),
            new World("other", "SH02", new()
            {
                ["caseNumber"] = c, ["courtId"] = "SH02", ["judge"] = "judge-sun", ["teamId"] = "SH02-T1", ["deviceId"] = "SH02-T1-gps", ["tripId"] = tripsC[0],
                ["suggestionId"] = await SuggestionAsync("judge-sun", tripsC[0], tripsC[1]), ["entrustmentId"] = await EntrustAsync("SH02", "other"),
                ["requestId"] = await AssistanceAsync("judge-sun", c), ["key"] = await ManualNoticeAsync("judge-sun", c), ["id"] = filings[2].Id,
                ["filingFile"] = filings[2].Document, ["caseFile"] = await AttachAsync("judge-sun", c), ["itemId"] = "none",
            }, new()
            {
                ["case"] = ["judge-sun"], ["field-team"] = ["judge-sun"], ["device"] = ["judge-sun"], ["trip"] = ["judge-sun"], ["trip-suggestion"] = ["judge-sun", "judge-he"],
                ["assistance-request"] = ["grid-xu"], ["notice"] = ["judge-sun"], ["filing"] = ["filer:" + FilerMobiles[2]],
            }),
        ];
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        await Node.DisposeAsync();
    }

    public HttpClient Client(string token)
    {
        var client = Node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private HttpClient Staff(string userId) => Node.ClientFor(userId);

    private async Task<string> FileCaseAsync(string clerk, string chief, string court, string judge, double latitude, double longitude)
    {
        var number = CasesApiTests.NewCaseNumber(court);
        var filing = CasesApiTests.Filing(number, court);
        filing["debtors"]![0]!["address"] = new JsonObject { ["text"] = "被执行人住所", ["latitude"] = latitude, ["longitude"] = longitude };
        (await Staff(clerk).PostAsJsonAsync("/cases", filing)).EnsureSuccessStatusCode();
        (await Staff(chief).PostAsJsonAsync($"/cases/{number}/steps", new { kind = "JudgeAssigned", judgeId = judge })).EnsureSuccessStatusCode();
        return number;
    }

    private async Task DispatchAsync(string chief, string team, string caseNumber) =>
        (await Staff(chief).PutAsJsonAsync($"/field-teams/{team}/operation", new { caseNumber, latitude = 31.23, longitude = 121.47 })).EnsureSuccessStatusCode();

    private async Task<List<string>> FileTripsAsync(params (string Judge, double Latitude, double Longitude, string? Case)[] trips)
    {
        var ids = new List<string>();
        foreach (var (judge, latitude, longitude, caseNumber) in trips)
        {
            var response = await Staff(judge).PostAsJsonAsync("/trips", new
            {
                purpose = "查封车辆",
                destinations = new[] { new { address = "目的地", latitude, longitude } },
                departAt = "2026-12-01T13:00:00+08:00",
                returnBy = "2026-12-01T17:00:00+08:00",
                caseNumbers = caseNumber is null ? Array.Empty<string>() : [caseNumber],
                members = Array.Empty<string>(),
                seats = 5,
            });
            ids.Add((string)(await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        }

        return ids;
    }

    private async Task<string> SuggestionAsync(string judge, string trip, string with)
    {
        var suggestions = (await Staff(judge).GetFromJsonAsync<JsonArray>($"/trips/{trip}/suggestions"))!;
        return (string)suggestions.Single(s => ((string)s!["id"]!).Contains(with, StringComparison.Ordinal))!["id"]!;
    }

    private async Task<string> EntrustAsync(string toCourt, string name)
    {
        var id = $"ZJ01-ent-{name}";
        var json = $$"""
            {"messageId":"{{id}}/request","type":"Request","entrustmentId":"{{id}}","fromCourt":"ZJ01","toCourt":"{{toCourt}}","sentAt":"2026-01-05T00:00:00+00:00",
             "caseNumber":"ZJ01-2026-000042","kind":"AssetInquiry","text":"查询被执行人在上海的银行存款","documents":[]}
            """;
        using var request = PeerInboxApiTests.Signed(Encoding.UTF8.GetBytes(json), Node.Time.GetUtcNow(), Guid.NewGuid().ToString("N"));
        (await Node.CreateClient().SendAsync(request)).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<string> AssistanceAsync(string judge, string caseNumber)
    {
        var response = await Staff(judge).PostAsJsonAsync($"/cases/{caseNumber}/assistance", new { debtorIndex = 0, kind = "Whereabouts", note = "查找下落" });
        return (string)(await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    private async Task<string> ManualNoticeAsync(string judge, string caseNumber)
    {
        (await Staff(judge).PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "CoerciveMeasureTaken", coercive = "Fine" })).EnsureSuccessStatusCode();
        var notices = (await Staff(judge).GetFromJsonAsync<JsonArray>($"/cases/{caseNumber}/notices"))!;
        return (string)notices.First(n => (string)n!["status"]! == "AwaitingApproval")!["notice"]!["key"]!;
    }

    private async Task<string> AttachAsync(string judge, string caseNumber)
    {
        var sha256 = await UploadAsync(Staff(judge), $"/cases/{caseNumber}/attachments", $"%PDF-1.7 {caseNumber}");
        (await Staff(judge).PostAsJsonAsync($"/cases/{caseNumber}/messages", new { text = "请查收", attachments = new[] { new { name = "通知.pdf", sha256 } } })).EnsureSuccessStatusCode();
        return sha256;
    }

    private async Task<string> PlanItemAsync()
    {
        var response = await Staff("judge-wang").PostAsJsonAsync("/judges/me/plan/items", new { date = "2026-01-06", title = "约谈申请人" });
        return (string)(await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    private async Task<(string Id, string Document)> SubmitFilingAsync(string mobile, string court)
    {
        using var filer = Client(Node.Services.GetRequiredService<TokenIssuer>().IssueFiler(mobile));
        var document = await UploadAsync(filer, "/filings/attachments", $"%PDF-1.7 申请书 {mobile}");
        var response = await filer.PostAsJsonAsync("/filings", FilingBody(court, mobile, document));
        return ((string)(await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["id"]!, document);
    }

    /// <summary>An online application by <paramref name="mobile"/> with one uploaded document.</summary>
    public static JsonObject FilingBody(string court, string mobile, string document)
    {
        var filing = CasesApiTests.Filing("unused", court, mobile);
        filing.Remove("caseNumber");
        filing["documents"] = new JsonArray(new JsonObject { ["name"] = "申请书.pdf", ["sha256"] = document });
        return filing;
    }

    /// <summary>The walking filer's own application body (its own uploaded document), for filing and resubmitting.</summary>
    public JsonObject OwnFilingBody() => FilingBody("SH01", FilerMobiles[0], Own.Values["filingFile"]);

    public static async Task<string> UploadAsync(HttpClient client, string path, string pdfText)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(pdfText)) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } };
        var response = await client.PostAsync(path, content);
        return (string)(await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["sha256"]!;
    }
}

/// <summary>A user who walks the API.</summary>
public sealed record WalkUser(string Subject, string Role, string? CourtId);

/// <summary>One object of every kind, with who owns each.</summary>
/// <param name="Name">own, colleague or other.</param>
/// <param name="CourtId">The court every object of the world belongs to.</param>
/// <param name="Values">Route values by parameter name, and a few the bodies use.</param>
/// <param name="Owners">For each resource kind, the subjects whose own the world's object is.</param>
public sealed record World(string Name, string CourtId, Dictionary<string, string> Values, Dictionary<string, string[]> Owners)
{
    /// <summary>How <paramref name="subject"/> of <paramref name="court"/> stands to this world's object of <paramref name="resource"/>: own, court or other.</summary>
    public string RelationOf(string resource, string subject, string? court) =>
        Owners.GetValueOrDefault(resource)?.Contains(subject) == true ? "own" : court == CourtId ? "court" : "other";

    /// <summary>Fills <c>{name}</c> placeholders of a path or body; <c>{sha256}</c> is the world's filing document under /filings, else its case file.</summary>
    public string Fill(string template, string path)
    {
        var filled = template.Replace("{sha256}", path.StartsWith("/filings", StringComparison.Ordinal) ? Values["filingFile"] : Values["caseFile"], StringComparison.Ordinal)
            .Replace("{newCase}", CasesApiTests.NewCaseNumber(CourtId), StringComparison.Ordinal);
        return Values.Aggregate(filled, (text, value) => text.Replace($"{{{value.Key}}}", value.Value, StringComparison.Ordinal));
    }
}
