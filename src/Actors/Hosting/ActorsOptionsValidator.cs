using Microsoft.Extensions.Options;

namespace Coordination.Actors.Hosting;

/// <summary>Refuses settings the runtime cannot work with; each failure names the setting.</summary>
internal sealed class ActorsOptionsValidator : IValidateOptions<ActorsOptions>
{
    public ValidateOptionsResult Validate(string? name, ActorsOptions options)
    {
        var failures = new List<string>();
        Positive(failures, "Actors:CollectionAge", options.CollectionAge);
        Positive(failures, "Actors:CollectionQuantum", options.CollectionQuantum);
        Positive(failures, "Actors:CallTimeout", options.CallTimeout);
        Positive(failures, "Actors:ShutdownTimeout", options.ShutdownTimeout);
        Positive(failures, "Actors:Reminders:RetryDelay", options.Reminders.RetryDelay);
        AtLeastOne(failures, "Actors:Reminders:MaxConcurrentDeliveries", options.Reminders.MaxConcurrentDeliveries);
        Positive(failures, "Actors:Streams:DurableRetention", options.Streams.DurableRetention);
        AtLeastOne(failures, "Actors:Streams:SubscriberBufferCapacity", options.Streams.SubscriberBufferCapacity);
        if (options.Streams.ReplayCapacity < 0)
        {
            failures.Add($"Actors:Streams:ReplayCapacity must be 0 or more (was {options.Streams.ReplayCapacity}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{setting} must be a positive time span such as 00:00:30 (was {value}).");
        }
    }

    private static void AtLeastOne(List<string> failures, string setting, int value)
    {
        if (value < 1)
        {
            failures.Add($"{setting} must be 1 or more (was {value}).");
        }
    }
}
