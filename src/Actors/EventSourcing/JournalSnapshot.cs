using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Coordination.Actors.Storage;

namespace Coordination.Actors.EventSourcing;

/// <summary>A journaled grain's stored snapshot, read.</summary>
/// <param name="Version">How many events the state reflects.</param>
/// <param name="State">The state.</param>
/// <param name="Etag">The stored version, for the next write.</param>
public sealed record JournalSnapshot<TState>(long Version, TState State, string Etag);

/// <summary>
/// A journaled grain's snapshot as stored: grain state <c>journal-snapshot</c> holding
/// <c>{"version": N, "state": {...}}</c>. Read by the grain on activation and by tools that audit a journal.
/// </summary>
public static class JournalSnapshot
{
    /// <summary>The grain state name snapshots are stored under.</summary>
    public const string StateName = "journal-snapshot";

    /// <summary>Where the snapshot of <paramref name="grainId"/> is stored.</summary>
    public static GrainStateKey KeyOf(GrainId grainId) => new(grainId.Type, grainId.Key, StateName);

    /// <summary>
    /// The stored snapshot of <paramref name="grainId"/>, read in one pass straight into <typeparamref name="TState"/>.
    /// Null if none was written.
    /// </summary>
    public static async Task<JournalSnapshot<TState>?> ReadAsync<TState>(
        IGrainStorage storage, GrainId grainId, JsonTypeInfo<TState> stateType, CancellationToken cancellationToken = default)
    {
        if (await storage.ReadAsync(KeyOf(grainId), cancellationToken) is not { Json: { } json } stored)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(0, Encoding.UTF8.GetBytes(json, buffer)));
            long? version = null;
            TState? state = default;
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = reader.ValueTextEquals("version") ? 1 : reader.ValueTextEquals("state") ? 2 : 0;
                reader.Read();
                switch (property)
                {
                    case 1:
                        version = reader.GetInt64();
                        break;
                    case 2:
                        state = JsonSerializer.Deserialize(ref reader, stateType);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            return version is { } v && state is not null
                ? new JournalSnapshot<TState>(v, state, stored.Etag)
                : throw new JsonException($"The snapshot of {grainId} lacks its version or state.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The stored form of <paramref name="state"/> at <paramref name="version"/>.</summary>
    public static string Serialize<TState>(long version, TState state, JsonTypeInfo<TState> stateType)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", version);
            writer.WritePropertyName("state");
            JsonSerializer.Serialize(writer, state, stateType);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
