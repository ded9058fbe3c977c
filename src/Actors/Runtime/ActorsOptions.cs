using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Coordination.Actors.Streams;

namespace Coordination.Actors;

/// <summary>Runtime settings. Bound from the <c>Actors</c> configuration section.</summary>
public sealed class ActorsOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Actors";

    /// <summary>An activation idle this long is deactivated. Default 30 minutes.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often idle activations are looked for. Default 1 minute.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a caller waits for a grain call before a <see cref="GrainCallTimeoutException"/>. Default 30 seconds.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long shutdown waits for running calls and deactivations. Default 30 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Reminder delivery settings.</summary>
    public ReminderOptions Reminders { get; set; } = new();

    /// <summary>In-memory stream settings.</summary>
    public StreamOptions Streams { get; set; } = new();

    /// <summary>Serializer settings for grain state; grain projects add their source-generated contexts with <see cref="AddJsonContext"/>.</summary>
    public JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        // Only registered source-generated contexts: a state type without metadata fails loudly instead of using reflection.
        TypeInfoResolver = JsonTypeInfoResolver.Combine(),
    };

    /// <summary>Adds a source-generated JSON context that describes grain state types.</summary>
    public ActorsOptions AddJsonContext(JsonSerializerContext context)
    {
        JsonOptions.TypeInfoResolverChain.Add(context);
        return this;
    }
}
