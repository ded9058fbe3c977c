using System.Buffers;
using System.Globalization;
using Coordination.Gateway.Entrustment;
using Coordination.Gateway.Errors;
using Coordination.Gateway.Messages;
using Coordination.Grains.Texts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Coordination.Gateway;

/// <summary>
/// Request body limits on the bytes actually read, not only on what Content-Length announces: the peer inbox
/// <see cref="PeerInboxApi.MaxBodyBytes"/>, uploads (paths ending in <c>/attachments</c>) <c>Attachments:MaxBytes</c>,
/// everything else <c>Limits:MaxRequestBodyBytes</c>. A body over its limit is refused with 413 problem details before
/// an endpoint sees it (uploads, which are streamed and count their own bytes, as soon as the limit is passed); nothing
/// of it is filed.
/// </summary>
internal static class RequestBodyLimits
{
    /// <summary>
    /// How far past its limit the server still reads a refused body, discarding it, before it gives up and closes the
    /// connection: a client that reads the answer only once it has sent everything (HttpClient without
    /// <c>Expect: 100-continue</c>, a browser's upload over HTTP/1.1) then gets the 413 rather than a broken connection.
    /// </summary>
    public const long DrainBytes = 16 * 1024 * 1024;

    private const int ReadChunk = 16 * 1024;

    /// <summary>Checks every request's body against its limit.</summary>
    public static WebApplication UseRequestBodyLimits(this WebApplication app)
    {
        var limits = app.Services.GetRequiredService<IOptions<LimitOptions>>();
        var attachments = app.Services.GetRequiredService<IOptions<AttachmentOptions>>();
        app.Use(async (http, next) =>
        {
            var (limit, setting, streamed) = http.Request.Path.StartsWithSegments("/peer") ? (PeerInboxApi.MaxBodyBytes, "the peer inbox's limit", false)
                : http.Request.Path.Value?.EndsWith("/attachments", StringComparison.Ordinal) == true ? (attachments.Value.MaxBytes, "Attachments:MaxBytes", true)
                : (limits.Value.MaxRequestBodyBytes, "Limits:MaxRequestBodyBytes", false);
            if (http.Request.ContentLength > limit)
            {
                await RefuseAsync(http, limit, setting);
                return;
            }

            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
            {
                server.MaxRequestBodySize = limit + DrainBytes; // the server's own guard, past which it stops reading
            }

            if (http.Request.ContentLength is null && !streamed && http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false)
            {
                // A body without a length (chunked) is read here, to its end or one byte past the limit, so an endpoint
                // never binds a part of it: JSON binding turns a failed read into a bare 400.
                if (!await BufferAsync(http.Request, limit, http.RequestAborted))
                {
                    await RefuseAsync(http, limit, setting);
                    return;
                }
            }

            if (!streamed && http.Request.HasJsonContentType())
            {
                http.Request.EnableBuffering(); // so a refusal can name every missing field, not only the serializer's first few
            }

            try
            {
                await next(http);
            }
            catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
            {
                // The server's own guard stopped an endpoint reading a streamed body: still problem details, not a bare 413.
                await RefuseAsync(http, limit, setting);
            }
        });
        return app;
    }

    /// <summary>Reads the whole body into a rewound buffer (memory, then a temporary file); false once it passes <paramref name="limit"/>.</summary>
    private static async Task<bool> BufferAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        var buffer = ArrayPool<byte>.Shared.Rent(ReadChunk);
        try
        {
            long total = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(0, ReadChunk), cancellationToken)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    return false;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        request.Body.Position = 0;
        return true;
    }

    private static Task RefuseAsync(HttpContext http, long limit, string setting) =>
        WordedProblem.Result(StatusCodes.Status413PayloadTooLarge, ProblemText.Of("limit.title.bodyTooLarge"),
            ProblemText.Of("limit.bodyTooLarge", ("max", limit.ToString("N0", CultureInfo.InvariantCulture)), ("setting", setting))).ExecuteAsync(http);
}
