namespace Coordination.Silo.Runtime;

/// <summary>Keeps Orleans' start-up chatter and one stop-time false alarm out of the node's log, leaving its warnings and errors.</summary>
internal static class NodeLogging
{
    public static void FilterOrleansNoise(ILoggingBuilder logging)
    {
        logging.AddFilter("Orleans", LogLevel.Warning);
        logging.AddFilter("Polly", LogLevel.Warning); // Orleans' placement retries log every attempt
        // At every start, before the first tick, the watchdog compares against a zero timestamp and warns of a long pause.
        logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        // GC settings and environment notes logged at start.
        logging.AddFilter("Orleans.Runtime.SiloOptionsLogger", LogLevel.Error);
        logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
        // A memory queue's receiver logs every failed read as an error, also the read a graceful stop cancels; the pulling
        // agent that called it logs a read that really fails once more (retrying, then giving up), and that stays.
        logging.AddFilter("Orleans.Providers.MemoryAdapterReceiver", LogLevel.None);
    }
}
