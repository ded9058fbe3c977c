using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Coordination.Gateway.Errors;

/// <summary>
/// Turns a request that could not be bound (malformed JSON, a value of the wrong type, an unknown enum name, a missing
/// required field, a bad route or query value) into field errors: the JSON path of the field, and what was expected.
/// </summary>
internal static partial class BindingErrors
{
    private static readonly string[] Required = ["is required."];

    /// <summary>The errors, keyed by field (JSON path without the leading <c>$.</c>; <c>body</c> for the whole body).</summary>
    public static Dictionary<string, string[]> Of(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            return Of(json);
        }

        if (BindParameter().Match(bad.Message) is { Success: true } parameter)
        {
            return new() { [parameter.Groups["name"].Value] = [$"'{parameter.Groups["value"].Value}' is not {Expected(parameter.Groups["type"].Value)}."] };
        }

        return new() { ["body"] = [bad.Message.Contains("was not provided from body", StringComparison.Ordinal) ? "is required: send a JSON object." : bad.Message] };
    }

    /// <summary>The errors of a body that is not JSON of the expected shape.</summary>
    public static Dictionary<string, string[]> Of(JsonException json)
    {
        var path = Field(json.Path);
        var message = json.Message;
        if (MissingProperties().Match(message) is { Success: true } missing)
        {
            return missing.Groups["names"].Captures.ToDictionary(c => Join(path, c.Value), _ => Required);
        }

        if (NullNotAllowed().Match(message) is { Success: true } nulled)
        {
            return new() { [path == "body" ? nulled.Groups["name"].Value : path] = ["must not be null."] };
        }

        if (ConvertTo().Match(message) is { Success: true } convert)
        {
            return new() { [path] = [$"expected {Expected(convert.Groups["type"].Value)}."] };
        }

        var position = message.IndexOf(" Path: ", StringComparison.Ordinal) is var at and > 0 ? message[..at] : message;
        return new() { [path] = [$"not valid JSON: {position}"] };
    }

    private static string Field(string? path) => path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Join(string path, string name) => path == "body" ? name : $"{path}.{name}";

    /// <summary>What a CLR type name means to someone writing JSON.</summary>
    private static string Expected(string typeName)
    {
        var name = NullableOf().Match(typeName) is { Success: true } nullable ? nullable.Groups["inner"].Value : typeName;
        if (name.Contains('`', StringComparison.Ordinal) || name.EndsWith("[]", StringComparison.Ordinal))
        {
            return name.Contains("Dictionary", StringComparison.Ordinal) ? "an object" : "an array";
        }

        return name.Split('.', ' ')[^1] switch
        {
            "Decimal" or "Double" or "Single" or "Int32" or "Int64" or "Int16" or "decimal" or "double" or "int" or "long" => "a number",
            "String" or "string" => "a string",
            "Boolean" or "bool" => "true or false",
            "DateTimeOffset" or "DateTime" => "a date and time in ISO 8601, e.g. 2026-12-01T13:00:00+08:00",
            "DateOnly" => "a date, e.g. 2026-12-01",
            "TimeSpan" => "a time span, e.g. 02:00:00",
            _ when FindEnum(name) is { } type => $"one of {string.Join(", ", Enum.GetNames(type))}",
            _ => "an object",
        };
    }

    private static Type? FindEnum(string name) =>
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(name, throwOnError: false)).FirstOrDefault(t => t is { IsEnum: true });

    [GeneratedRegex("missing required properties including: (?:'(?<names>[^']+)'(?:, )?)+")]
    private static partial Regex MissingProperties();

    [GeneratedRegex("The property or field '(?<name>[^']+)' .*doesn't allow (?:setting|getting) null values")]
    private static partial Regex NullNotAllowed();

    [GeneratedRegex("could not be converted to (?<type>[^ ]+?)\\.(?: Path|$)")]
    private static partial Regex ConvertTo();

    [GeneratedRegex("^System\\.Nullable`1\\[(?<inner>.+)\\]$")]
    private static partial Regex NullableOf();

    [GeneratedRegex("Failed to bind parameter \"(?<type>.+) (?<name>[^ \"]+)\" from \"(?<value>.*)\"\\.")]
    private static partial Regex BindParameter();
}
