using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Coordination.Actors.Storage;

/// <summary>Looks up source-generated JSON metadata, failing with an error that says what to add.</summary>
internal static class JsonMetadata
{
    public static JsonTypeInfo<T> Require<T>(JsonSerializerOptions options, string usedFor) =>
        options.TryGetTypeInfo(typeof(T), out var info)
            ? (JsonTypeInfo<T>)info
            : throw new InvalidOperationException(
                $"Type {typeof(T).Name} ({usedFor}) has no JSON metadata: add [JsonSerializable(typeof({typeof(T).Name}))] to a JsonSerializerContext and register it with ActorsOptions.AddJsonContext.");
}
