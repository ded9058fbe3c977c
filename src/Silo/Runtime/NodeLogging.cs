namespace Coordination.Silo.Runtime;

/// <summary>Keeps Orleans' start-up chatter out of the node's log, leaving its warnings and errors.</summary>
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
    }
}
