using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Coordination.Gateway.Pages;

/// <summary>What the pages read of the settings: the map's tile server (none by default: courts run on closed networks) and its attribution.</summary>
public sealed record PageSettings(string? TileUrl, string? TileAttribution);

/// <summary>
/// The pages: static files from the wwwroot folder beside the executable (the shared kit under <c>/ui/</c>, one folder
/// per page), nothing fetched from elsewhere at run time. Every page calls the same HTTP API and SSE streams as any
/// client, with the session cookie (<see cref="Auth.SessionCookie"/>). HTML is revalidated on every load so that a
/// node upgrade reaches open browsers; the Content-Security-Policy allows scripts, styles and connections to this
/// node only, and images also from the map's tile server when one is set.
/// </summary>
public static class PagesApi
{
    /// <summary>Where a browser lands: the sign-in page, which sends each role on to its own page.</summary>
    public const string SignInPath = "/signin/";

    /// <summary>Serves the files of wwwroot.</summary>
    public static WebApplication UsePages(this WebApplication app)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (!Directory.Exists(folder))
        {
            return app;
        }

        var files = new PhysicalFileProvider(folder);
        var policy = ContentSecurityPolicy(app.Configuration["Map:TileUrl"]);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider { Mappings = { [".geojson"] = "application/geo+json" } },
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                if (context.File.Name.EndsWith(".html", StringComparison.Ordinal))
                {
                    headers[HeaderNames.CacheControl] = "no-cache";
                    headers[HeaderNames.ContentSecurityPolicy] = policy;
                    headers[HeaderNames.XFrameOptions] = "DENY";
                }
            },
        });
        return app;
    }

    /// <summary>Sends <c>/</c> to the sign-in page; maps <c>/ui/settings.json</c>, what the pages need of the settings.</summary>
    public static IEndpointRouteBuilder MapPagesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Redirect(SignInPath)).AllowAnonymous().ExcludeFromDescription();
        // Open to anyone: the tile server is named in every page's Content-Security-Policy anyway.
        app.MapGet("/ui/settings.json", (IConfiguration configuration) => TypedResults.Ok(new PageSettings(
                NullIfEmpty(configuration["Map:TileUrl"]), NullIfEmpty(configuration["Map:TileAttribution"]))))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string ContentSecurityPolicy(string? tileUrl)
    {
        var tiles = Uri.TryCreate(tileUrl?.Replace("{s}", "a", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? $" {uri.Scheme}://{uri.Authority}" : "";
        return $"default-src 'self'; img-src 'self' data:{tiles}; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
    }
}
