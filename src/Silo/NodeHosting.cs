using Coordination.Silo.Runtime;
using Microsoft.Extensions.Options;

namespace Coordination.Silo;

/// <summary>Node-wide defaults and a start-up that fails fast with one clear line.</summary>
internal static class NodeHosting
{
    /// <summary>The address the node listens on unless <c>--urls</c> or <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplicationBuilder UseNodeDefaults(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }

    /// <summary>
    /// Sets up the request pipeline with <paramref name="pipeline"/> and runs the node; bad configuration, unreachable
    /// storage or a refused cluster join ends it with exit code 2 and one line on stderr.
    /// </summary>
    public static async Task<int> RunNodeAsync(this WebApplication app, Action<WebApplication> pipeline)
    {
        NodeSiloOptions? silo = null;
        try
        {
            // The node's own settings first: the host would build the silo (whose providers check their options in
            // Orleans' words, not naming our settings) before it validated the options marked ValidateOnStart, and the
            // pipeline resolves services (the token issuer among them) that need valid options.
            app.Services.GetService<IStartupValidator>()?.Validate();
            silo = app.Services.GetRequiredService<IOptions<NodeSiloOptions>>().Value; // read now: a failed run disposes the services
            pipeline(app);
            await app.RunAsync();
            return 0;
        }
        catch (Exception exception) when (StartupError(exception, silo) is { } message)
        {
            await Console.Error.WriteLineAsync($"Coordination node did not start: {message}");
            return 2;
        }
    }

    private static string? StartupError(Exception exception, NodeSiloOptions? silo) => exception switch
    {
        // Orleans wraps what failed in a silo lifecycle stage; the startup validation gathers several failures in one.
        AggregateException { InnerExceptions: var inners } when inners.Count > 0 && inners.Select(inner => StartupError(inner, silo)).ToList() is var messages
            && messages.All(message => message is not null) => string.Join(" ", messages),
        Orleans.Runtime.OrleansLifecycleCanceledException { InnerException: { } inner } => StartupError(inner, silo),
        OptionsValidationException invalid => string.Join(" ", invalid.Failures),
        StorageUnavailableException unavailable => unavailable.Message,
        ClusterJoinRefusedException refused => refused.Message,
        // The configuration binder names the setting it could not convert.
        InvalidOperationException { Message: var message } when message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            message + (exception.InnerException is { } inner ? $" ({inner.Message})" : ""),
        IOException { Message: var message } when message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) =>
            $"the listen address is in use ({message}); set another with --urls.",
        // Kestrel wraps its own in an IOException (above); otherwise it is the silo's listener (Orleans' AddressInUseException).
        { InnerException: System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse } } when silo is not null =>
            SiloPortInUse(silo, exception.Message),
        // A provider's own check of its options, when ours let something through.
        Orleans.Runtime.OrleansConfigurationException { Message: var message } => message,
        _ => null,
    };

    private static string SiloPortInUse(NodeSiloOptions silo, string message) => silo.GatewayPort == 0
        ? $"Orleans:SiloPort {silo.SiloPort} is in use ({message}); set another with --Orleans:SiloPort."
        : $"Orleans:SiloPort {silo.SiloPort} or Orleans:GatewayPort {silo.GatewayPort} is in use ({message}); set others with --Orleans:SiloPort and --Orleans:GatewayPort.";
}
