using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coordination.Gateway.Tests.Access;

/// <summary>An operation of the node's OpenAPI document.</summary>
/// <param name="Method">Lower-case HTTP method.</param>
/// <param name="Path">The route template, e.g. <c>/cases/{caseNumber}</c>.</param>
/// <param name="Id">The operation id.</param>
/// <param name="Access">Its <c>x-access</c>: space-separated rows, or <c>anonymous</c>.</param>
/// <param name="Schemes">The security schemes it names.</param>
/// <param name="BodySchema">The JSON request body's schema with references resolved, if it takes one.</param>
public sealed record OpenApiOperation(string Method, string Path, string Id, string Access, IReadOnlyList<string> Schemes, JsonObject? BodySchema)
{
    public bool HasBody => BodySchema is not null;

    public override string ToString() => $"{Method.ToUpperInvariant()} {Path} ({Id})";
}

/// <summary>Reads <c>/openapi/v1.json</c>.</summary>
public static class OpenApiOperations
{
    public static async Task<IReadOnlyList<OpenApiOperation>> ReadAsync(HttpClient client)
    {
        var document = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var operations = new List<OpenApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                var operation = node!.AsObject();
                var schemes = operation["security"]?.AsArray().SelectMany(r => r!.AsObject().Select(s => s.Key)).ToList() ?? [];
                var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                operations.Add(new OpenApiOperation(method, path, (string)operation["operationId"]!, (string?)operation["x-access"] ?? "", schemes,
                    schema is null ? null : Resolve(schema, document, 0)!.AsObject()));
            }
        }

        return operations;
    }

    /// <summary>A copy of <paramref name="schema"/> with every <c>$ref</c> replaced by its target (to a bounded depth, for recursive types).</summary>
    private static JsonNode? Resolve(JsonNode? schema, JsonObject document, int depth)
    {
        switch (schema)
        {
            case JsonObject reference when reference["$ref"] is { } target && depth < 8:
                var name = ((string)target!).Split('/')[^1];
                return Resolve(document["components"]!["schemas"]![name], document, depth + 1);
            case JsonObject obj:
                return new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Resolve(p.Value, document, depth))));
            case JsonArray array:
                return new JsonArray([.. array.Select(n => Resolve(n, document, depth))]);
            default:
                return schema?.DeepClone();
        }
    }
}
