using System.Text.Json;
using Coordination.Actors.Reminders;
using Coordination.Actors.Storage;
using Coordination.Actors.Streams;
using Microsoft.Extensions.Logging;

namespace Coordination.Actors.Runtime;

/// <summary>
/// The node's runtime: hands out grain references, routes calls to activations (creating them on
/// first call), and owns storage, reminders and streams. One per node; safe for concurrent use.
/// </summary>
public sealed partial class GrainRuntime : IClusterClient, IDisposable
{
    private readonly long _callTimeoutTicks;
    private readonly CancellationTokenSource _stopping = new();
    private ReminderService? _reminders;
    private volatile bool _stopped;

    internal GrainRuntime(IServiceProvider services, ActorsOptions options, TimeProvider timeProvider, GrainStorageRegistry storage,
        IReadOnlyDictionary<string, IStreamProvider> streamProviders, ILogger<GrainRuntime> logger)
    {
        Services = services;
        Options = options;
        TimeProvider = timeProvider;
        Storage = storage;
        StreamProviders = streamProviders;
        Log = logger;
        Catalog = new Catalog(this);
        _callTimeoutTicks = (long)(options.CallTimeout.TotalSeconds * timeProvider.TimestampFrequency);
    }

    internal IServiceProvider Services { get; }

    internal ActorsOptions Options { get; }

    internal TimeProvider TimeProvider { get; }

    internal GrainStorageRegistry Storage { get; }

    internal IReadOnlyDictionary<string, IStreamProvider> StreamProviders { get; }

    internal ILogger Log { get; }

    internal Catalog Catalog { get; }

    internal JsonSerializerOptions JsonOptions => Options.JsonOptions;

    internal CancellationToken StoppingToken => _stopping.Token;

    internal ReminderService Reminders => _reminders ?? throw new InvalidOperationException("Reminders are not available: the node has not started.");

    /// <summary>Number of live activations.</summary>
    public int ActivationCount => Catalog.Count;

    /// <inheritdoc/>
    public void Dispose() => _stopping.Dispose();

    internal void AttachReminders(ReminderService reminders) => _reminders = reminders;

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrain
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var classInfo = GrainClassRegistry.ForInterface(typeof(TGrainInterface));
        var reference = GrainReferenceRegistry.Get<TGrainInterface>()(new GrainId(classInfo.GrainType, key), this);
        ((GrainReference)(object)reference).ClassInfo = classInfo;
        return reference;
    }

    /// <inheritdoc/>
    public IStreamProvider GetStreamProvider(string name = StreamProviderNames.Default) =>
        StreamProviders.TryGetValue(name, out var provider) ? provider : throw new KeyNotFoundException($"No stream provider named '{name}'.");

    internal void Send(GrainReference reference, GrainCall call)
    {
        if (!Prepare(call))
        {
            return;
        }

        while (true)
        {
            var activation = reference.CachedActivation ??= Catalog.GetOrCreate(reference.GrainId, reference.ClassInfo);
            if (activation.TryEnqueue(call))
            {
                return;
            }

            reference.CachedActivation = null; // it deactivated; the next lookup finds or makes its successor
        }
    }

    /// <summary>Sends a call that was queued on an activation that deactivated before running it.</summary>
    internal void Resend(GrainCall call)
    {
        var target = call.Target!;
        while (!Catalog.GetOrCreate(target.GrainId, target.ClassInfo).TryEnqueue(call))
        {
        }
    }

    internal Task DeliverReminderAsync(GrainId grainId, string name, TickStatus status)
    {
        var classInfo = GrainClassRegistry.ForGrainType(grainId.Type)
            ?? throw new InvalidOperationException($"Reminder {name} is for grain type '{grainId.Type}', which no grain class has.");
        var call = new GrainCall<IRemindable, (string, TickStatus)>(ReceiveReminderMethod, (name, status), static (g, a) => g.ReceiveReminder(a.Item1, a.Item2));
        if (Prepare(call))
        {
            call.Parent = null; // a tick starts a call chain of its own, whatever thread noticed it was due
            while (!Catalog.GetOrCreate(grainId, classInfo).TryEnqueue(call))
            {
            }
        }

        return call.Response;
    }

    private static readonly GrainMethod ReceiveReminderMethod = new(nameof(IRemindable), nameof(IRemindable.ReceiveReminder));

    private bool Prepare(GrainCall call)
    {
        if (_stopped)
        {
            call.Fail(new NodeStoppedException($"Call to {call.Method} refused: the node has shut down."));
            return false;
        }

        call.Parent = RuntimeContext.Current;
        call.Timeout = Options.CallTimeout;
        call.Deadline = TimeProvider.GetTimestamp() + _callTimeoutTicks;
        return true;
    }
}
