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

    /// <summary>Runs the node; bad configuration or unreachable storage ends it with exit code 2 and one line on stderr.</summary>
    public static async Task<int> RunNodeAsync(this WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception exception) when (StartupError(exception) is { } message)
        {
            await Console.Error.WriteLineAsync($"Coordination node did not start: {message}");
            return 2;
        }
    }

    private static string? StartupError(Exception exception) => exception switch
    {
        // Orleans wraps what failed in a silo lifecycle stage.
        AggregateException { InnerExceptions: [var inner] } => StartupError(inner),
        Orleans.Runtime.OrleansLifecycleCanceledException { InnerException: { } inner } => StartupError(inner),
        OptionsValidationException invalid => string.Join(" ", invalid.Failures),
        StorageUnavailableException unavailable => unavailable.Message,
        // The configuration binder names the setting it could not convert.
        InvalidOperationException { Message: var message } when message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            message + (exception.InnerException is { } inner ? $" ({inner.Message})" : ""),
        IOException { Message: var message } when message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) =>
            $"the listen address is in use ({message}); set another with --urls.",
        _ => null,
    };
}
