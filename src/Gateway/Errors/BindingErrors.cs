using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Coordination.Grains.Texts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Coordination.Gateway.Errors;

/// <summary>
/// Turns a request that could not be bound (malformed JSON, a value of the wrong type, an unknown enum name, a missing
/// or null required field, a bad route or query value) into field errors: the JSON path of the field, and what was
/// expected. The serializer's messages name the declaring type and list only some missing fields, so the expected type
/// is looked up in the serializer's own metadata and the missing fields in the (buffered) body.
/// </summary>
internal static partial class BindingErrors
{
    /// <summary>The errors, keyed by field (JSON path without the leading <c>$.</c>; <c>body</c> for the whole body).</summary>
    public static async Task<Dictionary<string, ProblemText[]>> OfAsync(Exception exception, HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        if (exception is JsonException or BadHttpRequestException { InnerException: JsonException })
        {
            return await OfAsync(exception as JsonException ?? (JsonException)exception.InnerException!, http.Request, options);
        }

        if (BindParameter().Match(exception.Message) is { Success: true } parameter)
        {
            var type = NullableName().Match(parameter.Groups["type"].Value) is { Success: true } inner ? inner.Groups["inner"].Value : parameter.Groups["type"].Value.TrimEnd('?');
            return new() { [parameter.Groups["name"].Value] = [NotA(parameter.Groups["value"].Value, FindType(type))] };
        }

        return new() { ["body"] = [exception.Message.Contains("was not provided from body", StringComparison.Ordinal) ? ProblemText.Of("sendObject") : ProblemText.Of("unreadable", ("reason", exception.Message))] };
    }

    private static async Task<Dictionary<string, ProblemText[]>> OfAsync(JsonException json, HttpRequest request, JsonSerializerOptions options)
    {
        var path = Field(json.Path);
        var message = json.Message;
        if (MissingProperties().Match(message) is { Success: true } missing)
        {
            var names = await MissingInBodyAsync(request, json.Path, FindType(missing.Groups["type"].Value), options)
                ?? [.. missing.Groups["names"].Captures.Select(c => c.Value)];
            return names.ToDictionary(name => Join(path, name), _ => new[] { ProblemText.Of("required") });
        }

        if (NullNotAllowed().Match(message) is { Success: true } nulled)
        {
            return new() { [path] = [ProblemText.Of("notNull")] };
        }

        if (ConvertTo().Match(message) is { Success: true } convert)
        {
            var declaring = FindType(convert.Groups["type"].Value);
            var property = LastName(json.Path) is { } name && declaring is not null && options.TryGetTypeInfo(declaring, out var info)
                ? info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                : null;
            return new() { [path] = [Expected(property?.PropertyType ?? declaring)] };
        }

        var position = message.IndexOf(" Path: ", StringComparison.Ordinal) is var at and > 0 ? message[..at] : message;
        return new() { [path] = [ProblemText.Of("notJson", ("reason", position))] };
    }

    /// <summary>Every required property of <paramref name="type"/> the object at <paramref name="path"/> lacks; null if the body cannot be read again.</summary>
    private static async Task<List<string>?> MissingInBodyAsync(HttpRequest request, string? path, Type? type, JsonSerializerOptions options)
    {
        if (type is null || !request.Body.CanSeek || !options.TryGetTypeInfo(type, out var info))
        {
            return null;
        }

        request.Body.Position = 0;
        try
        {
            // JsonDocument, not JsonNode: it reads what the serializer read (a repeated key, text after the object) without failing.
            using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { AllowTrailingCommas = true });
            var element = document.RootElement;
            foreach (Match segment in PathSegment().Matches(path ?? "$"))
            {
                element = segment.Groups["index"].Success
                    ? element.ValueKind == JsonValueKind.Array ? element[int.Parse(segment.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture)] : default
                    : element.ValueKind == JsonValueKind.Object && element.TryGetProperty(segment.Groups["name"].Value, out var child) ? child : default;
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var present = element.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return [.. info.Properties.Where(p => p.IsRequired && !present.Contains(p.Name)).Select(p => p.Name)];
        }
        catch (Exception exception) when (exception is JsonException or IndexOutOfRangeException or InvalidOperationException)
        {
            return null; // the serializer's own (shorter) list then
        }
    }

    private static string Field(string? path) => path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Join(string path, string name) => path == "body" ? name : $"{path}.{name}";

    private static string? LastName(string? path) => path is null ? null : PathSegment().Matches(path).LastOrDefault() is { } last && last.Groups["name"].Success ? last.Groups["name"].Value : null;

    /// <summary>What was expected of a value of <paramref name="type"/>.</summary>
    private static ProblemText Expected(Type? type) => Underlying(type) is { IsEnum: true } enumType
        ? ProblemText.Of("expectedOneOf", ("values", string.Join(", ", Enum.GetNames(enumType))))
        : ProblemText.Of("expected", ("type", Kind(type)));

    /// <summary>That <paramref name="value"/> is not a value of <paramref name="type"/>.</summary>
    private static ProblemText NotA(string value, Type? type) => Underlying(type) is { IsEnum: true } enumType
        ? ProblemText.Of("notOneOf", ("value", value), ("values", string.Join(", ", Enum.GetNames(enumType))))
        : ProblemText.Of("notA", ("value", value), ("type", Kind(type)));

    private static Type? Underlying(Type? type) => type is null ? null : Nullable.GetUnderlyingType(type) ?? type;

    /// <summary>What a type means to someone writing JSON: a word of the texts (<c>problem.type.{kind}</c>).</summary>
    private static string Kind(Type? type)
    {
        type = Underlying(type);
        return type switch
        {
            null => "other",
            _ when type == typeof(string) => "string",
            _ when type == typeof(bool) => "boolean",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "dateTime",
            _ when type == typeof(DateOnly) => "date",
            _ when type == typeof(TimeSpan) => "timeSpan",
            _ when type.IsPrimitive || type == typeof(decimal) => "number",
            _ when typeof(IDictionary).IsAssignableFrom(type) || type.Name.StartsWith("IReadOnlyDictionary", StringComparison.Ordinal) => "object",
            _ when typeof(IEnumerable).IsAssignableFrom(type) => "array",
            _ => "object",
        };
    }

    /// <summary>A type by its full name (serializer messages) or, for route and query parameters, its C# name (<c>DateOnly</c>, <c>CaseStatus</c>).</summary>
    private static Type? FindType(string name) => name switch
    {
        "int" => typeof(int),
        "long" => typeof(long),
        "double" => typeof(double),
        "decimal" => typeof(decimal),
        "bool" => typeof(bool),
        "string" => typeof(string),
        "DateOnly" => typeof(DateOnly),
        "DateTimeOffset" => typeof(DateTimeOffset),
        "TimeSpan" => typeof(TimeSpan),
        _ when name.Contains('.', StringComparison.Ordinal) =>
            Type.GetType(name, throwOnError: false) ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(name, throwOnError: false)).FirstOrDefault(t => t is not null),
        _ => AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name?.StartsWith("Coordination.", StringComparison.Ordinal) == true)
            .SelectMany(a => a.GetExportedTypes()).FirstOrDefault(t => t.Name == name),
    };

    [GeneratedRegex("for type '(?<type>[^']+)' was missing required properties including: (?:'(?<names>[^']+)'(?:, )?)+")]
    private static partial Regex MissingProperties();

    [GeneratedRegex("The (?:property or field|constructor parameter) '(?<name>[^']+)' .*doesn't allow (?:setting |getting )?null values")]
    private static partial Regex NullNotAllowed();

    [GeneratedRegex("could not be converted to (?<type>[^ ]+?)\\.(?: Path|$)")]
    private static partial Regex ConvertTo();

    [GeneratedRegex("Failed to bind parameter \"(?<type>.+) (?<name>[^ \"]+)\" from \"(?<value>.*)\"\\.")]
    private static partial Regex BindParameter();

    [GeneratedRegex("^Nullable<(?<inner>.+)>$")]
    private static partial Regex NullableName();

    [GeneratedRegex("\\.(?<name>[A-Za-z_][A-Za-z0-9_]*)|\\[(?<index>\\d+)\\]")]
    private static partial Regex PathSegment();
}
