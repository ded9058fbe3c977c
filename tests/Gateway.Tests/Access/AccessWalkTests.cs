using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.Gateway.Access;
using Coordination.Gateway.Auth;
using Coordination.Gateway.Tests.Cases;
using Xunit.Abstractions;

namespace Coordination.Gateway.Tests.Access;

/// <summary>
/// Walks every operation of the OpenAPI document as every role, on its own object, a colleague's and another court's
/// (see <see cref="SeededDeployment"/>), and checks each answer against the README's access table: allowed where the
/// table allows, refused (403, or 404 for what the caller may not see) where it does not, 401 without a token. An
/// operation with no row, or a row the README lacks, fails the walk, so a new endpoint cannot ship open.
/// </summary>
[Collection(SeededDeploymentCollection.Name)]
public sealed class AccessWalkTests(SeededDeployment deployment, ITestOutputHelper output)
{
    /// <summary>Kinds without an object of their own: walked once, in the caller's own world.</summary>
    private static readonly HashSet<string> OwnWorkKinds =
        [Resources.JudgeWork, Resources.GridWork, Resources.OwnFilings, Resources.PartyCase, Resources.ApplicantCase, Resources.Deployment, Resources.Session];

    private static readonly string[] MethodOrder = ["get", "put", "post", "delete"];

    [Fact]
    public void TheReadmeTable_IsTheTableTheCodeEnforces()
    {
        var readme = ReadmeAccessTable.Load();

        Assert.Equal(AccessTable.Rules.Select(r => r.Name).Order(), readme.Rows.Keys.Order());
        foreach (var rule in AccessTable.Rules)
        {
            foreach (var role in Roles.Tokens)
            {
                var expected = rule.ScopeOf(role) switch
                {
                    AccessScope.None => "—",
                    AccessScope.Own => "own",
                    AccessScope.Court => "court",
                    _ => OwnWorkKinds.Contains(rule.Resource) ? "yes" : "all",
                };
                Assert.True(readme.Rows[rule.Name][role] == expected, $"README row {rule.Name}, role {role}: '{readme.Rows[rule.Name][role]}', the code says '{expected}'.");
            }
        }
    }

    [Fact]
    public async Task EveryOperation_AsEveryRole_OnItsOwnAColleaguesAndAnotherCourtsObject_AnswersAsTheReadmeTableSays()
    {
        var readme = ReadmeAccessTable.Load();
        var operations = await OpenApiOperations.ReadAsync(deployment.Node.CreateClient());
        var probes = Probes();
        var failures = new List<string>();
        var usedRows = new HashSet<string>();
        var requests = 0;

        foreach (var operation in operations.OrderBy(o => Array.IndexOf(MethodOrder, o.Method)))
        {
            if (operation.Access == "anonymous")
            {
                continue;
            }

            var rows = operation.Access.Split(' ');
            var resource = rows[0].Split(':')[0];
            if (!probes.TryGetValue(operation.Id, out var operationProbes))
            {
                if (operation.HasBody)
                {
                    failures.Add($"{operation}: takes a body but the walk has no probe for it; add one to {nameof(Probes)}.");
                    continue;
                }

                operationProbes = [new Probe(null)];
            }

            var anonymous = await SendAsync(deployment.Node.CreateClient(), operation, operationProbes[0], deployment.Own);
            requests++;
            if (anonymous.Status != HttpStatusCode.Unauthorized || (string?)anonymous.Problem?["reason"] != "missing")
            {
                failures.Add($"{operation} without a token: {(int)anonymous.Status}, expected 401 with reason 'missing'.");
            }

            foreach (var probe in operationProbes)
            {
                var row = probe.Operation is { } chosen ? $"{resource}:{chosen}" : rows.Single();
                if (!rows.Contains(row))
                {
                    failures.Add($"{operation}: the probe names {row}, which is not among its x-access rows {operation.Access}.");
                    continue;
                }

                usedRows.Add(row);
                foreach (var world in OwnWorkKinds.Contains(resource) ? [deployment.Own] : deployment.Worlds)
                {
                    foreach (var role in Roles.Tokens)
                    {
                        var user = SeededDeployment.Users[role];
                        var subject = deployment.SubjectOf(role);
                        var relation = OwnWorkKinds.Contains(resource) ? "own" : world.RelationOf(resource, subject, user.CourtId);
                        var allowed = readme.Allows(row, role, relation);
                        var answer = await SendAsync(deployment.ClientOf(role), operation, probe, world);
                        requests++;
                        var refused = answer.Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound && answer.Problem?["resource"] is not null;
                        if ((int)answer.Status >= 500 || answer.Status == HttpStatusCode.Unauthorized || allowed == refused)
                        {
                            failures.Add($"{operation} ({row}) as {subject} on the {world.Name} object ({relation}): {(int)answer.Status} {answer.Problem?["detail"]}; expected {(allowed ? "allowed" : "refused")}.");
                        }
                    }
                }
            }
        }

        var unused = readme.Rows.Keys.Except(usedRows).ToList();
        output.WriteLine($"Walked {operations.Count(o => o.Access != "anonymous")} operations ({operations.Count} in the document) as {Roles.Tokens.Count} roles and anonymously: {requests} requests.");
        Assert.True(failures.Count == 0, $"{failures.Count} answers differ from the README's table:\n" + string.Join('\n', failures));
        Assert.True(unused.Count == 0, "README rows no endpoint uses: " + string.Join(", ", unused));
    }

    [Fact]
    public async Task EveryOperation_DeclaresItsAccess_AndItsSecurityScheme()
    {
        var operations = await OpenApiOperations.ReadAsync(deployment.Node.CreateClient());
        var readme = ReadmeAccessTable.Load();

        Assert.All(operations, o => Assert.False(string.IsNullOrEmpty(o.Access), $"{o} has no x-access."));
        Assert.All(operations.Where(o => o.Access != "anonymous"), o =>
        {
            Assert.All(o.Access.Split(' '), row => Assert.True(readme.Rows.ContainsKey(row), $"{o}: x-access row {row} is not in the README's table."));
            Assert.NotEmpty(o.Schemes);
        });
        Assert.Equal(["staff"], operations.Single(o => o.Id == "GetCase").Schemes);
        Assert.Equal(["party"], operations.Single(o => o.Id == "GetPartyCase").Schemes);
        Assert.Equal(["filer"], operations.Single(o => o.Id == "SubmitFiling").Schemes);
        Assert.Equal(["staff", "filer"], operations.Single(o => o.Id == "GetFiling").Schemes);
        Assert.Equal(["peer-signature"], operations.Single(o => o.Id == "ReceivePeerMessage").Schemes);
        Assert.Empty(operations.Single(o => o.Id == "GetHealth").Schemes);
        var schemes = (await deployment.Node.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!["components"]!["securitySchemes"]!.AsObject();
        foreach (var name in (string[])["staff", "party", "filer"])
        {
            Assert.Equal(("http", "bearer"), ((string)schemes[name]!["type"]!, (string)schemes[name]!["scheme"]!));
        }

        Assert.Equal(("apiKey", "header"), ((string)schemes["peer-signature"]!["type"]!, (string)schemes["peer-signature"]!["in"]!));
    }

    /// <summary>The requests the walk sends per operation (by operation id); <c>{name}</c> is filled from the world.</summary>
    private Dictionary<string, Probe[]> Probes()
    {
        var trip = """
            {"purpose":"查封车辆","destinations":[{"address":"上海市黄浦区南京东路100号","latitude":31.235,"longitude":121.48}],
             "departAt":"2026-12-01T13:00:00+08:00","returnBy":"2026-12-01T17:00:00+08:00","caseNumbers":["{caseNumber}"],"members":[],"seats":5}
            """;
        var application = deployment.OwnFilingBody().ToJsonString();
        var report = """{"text":"已查询"}""";
        return new()
        {
            ["FileCase"] = [new(CasesApiTests.Filing("{newCase}", "{courtId}").ToJsonString())],
            ["RecordCaseStep"] =
            [
                new("""{"kind":"NoticeSent","note":"直接送达"}""", "record-measure"),
                new("""{"kind":"JudgeAssigned","judgeId":"{judge}"}""", "assign-judge"),
                new("""{"kind":"ExtensionGranted","days":30}""", "grant-extension"),
            ],
            ["SetFocusCase"] = [new("""{"focus":true}""")],
            ["AddPlanItem"] = [new("""{"date":"2026-01-07","title":"阅卷"}""")],
            ["UpdatePlanItem"] = [new("""{"date":"2026-01-07","title":"阅卷","done":true}""")],
            ["DispatchFieldTeam"] = [new("""{"caseNumber":"{caseNumber}","latitude":31.23,"longitude":121.47}""")],
            ["SendDeviceCommand"] = [new("""{"kind":"ReturnToBase","expiresInSeconds":600}""")],
            ["FileTrip"] = [new(trip)],
            ["ChangeTrip"] = [new(trip)],
            ["AnswerTripSuggestion"] = [new("""{"accept":false}""")],
            ["EntrustWork"] = [new("""{"toCourt":"ZJ01","kind":"AssetInquiry","description":"查询存款"}""")],
            ["RefuseEntrustment"] = [new(report)],
            ["ReportEntrustmentProgress"] = [new(report)],
            ["CompleteEntrustment"] = [new(report)],
            ["RequestAssistance"] = [new("""{"debtorIndex":0,"kind":"Whereabouts","note":"查找下落"}""")],
            ["AnswerAssistanceRequest"] = [new("""{"found":true,"text":"已找到"}""")],
            ["PostCaseMessage"] = [new("""{"text":"请补充材料"}""")],
            ["MarkCaseMessagesRead"] = [new("""{"upTo":1}""")],
            ["UploadCaseAttachment"] = [Probe.Pdf],
            ["SubmitPropertyClue"] = [new("""{"kind":"银行存款","description":"工商银行账户"}""")],
            ["GivePartyOpinion"] = [new("""{"agrees":true}""")],
            ["PostPartyMessage"] = [new("""{"text":"您好"}""")],
            ["MarkPartyMessagesRead"] = [new("""{"upTo":1}""")],
            ["UploadPartyAttachment"] = [Probe.Pdf],
            ["UploadFilingDocument"] = [Probe.Pdf],
            ["SubmitFiling"] = [new(application)],
            ["ResubmitFiling"] = [new(application)],
            ["DecideFiling"] = [new("""{"decision":"RequestCorrection","missing":["申请人身份证明"],"reason":"缺少材料"}""")],
        };
    }

    private static async Task<Answer> SendAsync(HttpClient client, OpenApiOperation operation, Probe probe, World world)
    {
        var path = world.Fill(operation.Path, operation.Path);
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method.ToUpperInvariant()), path);
        if (probe.Body is { } body)
        {
            request.Content = new StringContent(world.Fill(body, operation.Path), Encoding.UTF8, "application/json");
        }
        else if (probe.IsPdf)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes($"%PDF-1.7 {Guid.NewGuid()}")) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } };
        }

        // Streams answer with headers and then never end: read the body only of an answer that is a problem.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? JsonNode.Parse(await response.Content.ReadAsStringAsync())?.AsObject() : null;
        return new Answer(response.StatusCode, problem);
    }

    private sealed record Answer(HttpStatusCode Status, JsonObject? Problem);
}

/// <summary>One request of the walk: a JSON body (with placeholders), or a PDF upload; for an endpoint with several rows, the row it exercises.</summary>
public sealed record Probe(string? Body, string? Operation = null, bool IsPdf = false)
{
    public static readonly Probe Pdf = new(null, IsPdf: true);
}

/// <summary>Shares one seeded node between the walk and the bad-input test.</summary>
[CollectionDefinition(Name)]
public sealed class SeededDeploymentCollection : ICollectionFixture<SeededDeployment>
{
    public const string Name = "seeded deployment";
}
