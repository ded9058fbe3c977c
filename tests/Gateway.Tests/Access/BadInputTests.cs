using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.Gateway.Auth;
using Xunit.Abstractions;

namespace Coordination.Gateway.Tests.Access;

/// <summary>
/// Sends every POST and PUT operation of the OpenAPI document malformed JSON, an empty body, an empty object, a bare
/// number, a 1 MB string, deeply nested arrays and objects, and a value of the wrong type in every field its schema
/// names, as a caller the operation allows: no answer may be a 5xx, every refusal must be problem details, an operation
/// that takes a JSON body must refuse them all, and the node must still be healthy afterwards.
/// </summary>
[Collection(SeededDeploymentCollection.Name)]
public sealed class BadInputTests(SeededDeployment deployment, ITestOutputHelper output)
{
    [Fact]
    public async Task EveryPostAndPut_GivenBadBodies_AnswersProblemDetails_NeverA5xx_AndTheNodeStaysHealthy()
    {
        var readme = ReadmeAccessTable.Load();
        var operations = (await OpenApiOperations.ReadAsync(deployment.Node.CreateClient())).Where(o => o.Method is "post" or "put").ToList();
        var failures = new List<string>();
        var sent = 0;

        foreach (var operation in operations)
        {
            using var client = ClientFor(operation, readme);
            foreach (var (name, body) in Bodies(operation))
            {
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method.ToUpperInvariant()), deployment.Own.Fill(operation.Path, operation.Path))
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                using var response = await client.SendAsync(request);
                sent++;
                var text = await response.Content.ReadAsStringAsync();
                var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? JsonNode.Parse(text) as JsonObject : null;
                // An operation without a JSON body ignores what it is sent; one with a body must refuse every one of these.
                var accepted = (int)response.StatusCode < 400;
                if ((int)response.StatusCode >= 500 || (accepted && operation.HasBody) || (!accepted && problem?["status"] is null))
                {
                    failures.Add($"{operation} with {name}: {(int)response.StatusCode} {response.Content.Headers.ContentType} {text[..Math.Min(text.Length, 300)]}");
                }
            }
        }

        var health = await deployment.Node.CreateClient().GetAsync("/health");
        output.WriteLine($"Sent {sent} bad requests to {operations.Count} POST and PUT operations.");
        Assert.True(failures.Count == 0, $"{failures.Count} bad requests were not answered with a 4xx problem:\n" + string.Join('\n', failures));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    /// <summary>The walking user of the first role the operation allows; anonymous for open operations.</summary>
    private HttpClient ClientFor(OpenApiOperation operation, ReadmeAccessTable readme)
    {
        if (operation.Access == "anonymous")
        {
            return deployment.Node.CreateClient();
        }

        var row = operation.Access.Split(' ')[0];
        var role = Roles.Tokens.First(r => readme.Rows[row][r] != "—");
        return deployment.Node.CreateClient() is var client && deployment.ClientOf(role).DefaultRequestHeaders.Authorization is { } token
            ? WithToken(client, token)
            : client;
    }

    private static HttpClient WithToken(HttpClient client, System.Net.Http.Headers.AuthenticationHeaderValue token)
    {
        client.DefaultRequestHeaders.Authorization = token;
        return client;
    }

    private static IEnumerable<(string Name, string Body)> Bodies(OpenApiOperation operation)
    {
        yield return ("malformed JSON", """{"caseNumber": "SH01-""");
        yield return ("an empty body", "");
        yield return ("an empty object", "{}");
        yield return ("a bare number", "42");
        yield return ("a repeated key", """{"text":"a","text":"b"}""");
        yield return ("text after the object", """{} trailing""");
        yield return ("a 1 MB string", $$"""{"{{FirstStringProperty(operation.BodySchema) ?? "text"}}":"{{new string('x', 1_000_000)}}"}""");
        yield return ("deep nesting", new string('[', 10_000) + new string(']', 10_000));
        yield return ("deep objects", string.Concat(Enumerable.Repeat("""{"a":""", 2_000)) + "1" + new string('}', 2_000));
        if (operation.BodySchema is { } schema)
        {
            yield return ("wrong types", WrongTypes(schema).ToJsonString());
        }
    }

    private static string? FirstStringProperty(JsonObject? schema) =>
        schema?["properties"]?.AsObject().FirstOrDefault(p => TypeOf(p.Value) == "string").Key;

    /// <summary>An object whose every property has a value of another type than its schema says.</summary>
    private static JsonObject WrongTypes(JsonObject schema)
    {
        var body = new JsonObject();
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            body[name] = TypeOf(property) switch
            {
                "string" => 12345,
                "number" or "integer" => "lots",
                "boolean" => "perhaps",
                "array" => new JsonObject { ["not"] = "a list" },
                _ => "not an object",
            };
        }

        return body;
    }

    /// <summary>The schema's type, for <c>"type": "x"</c> or <c>"type": ["x", "null"]</c>; enums of strings count as strings.</summary>
    private static string? TypeOf(JsonNode? schema) => schema?["type"] switch
    {
        JsonValue value => (string?)value,
        JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
        _ => schema?["enum"] is not null ? "string" : null,
    };
}
