using Cairn.Protocol;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Cairn.Transport;

/// <summary>
/// Serves the control UI, embedded in the assembly at build time (src/Cairn/Ui.targets), so the gateway needs no
/// files beside it. Only the UI's own routes get its page; any other path is a 404 with a JSON body, so a
/// mistyped <c>/health</c> or an API client on the wrong path is told so instead of getting HTML.
/// </summary>
public static class StaticUi
{
    /// <summary>The paths the UI's router knows (ui/src/router/routes.ts), with or without a trailing slash.</summary>
    public static readonly IReadOnlyList<string> Routes = ["/", "/chat", "/sessions", "/templates"];

    /// <summary>The embedded UI, or null when the gateway was built without it (<c>SkipUi=true</c>, no ui/).</summary>
    public static IFileProvider? Files()
    {
        var assembly = typeof(StaticUi).Assembly;
        if (assembly.GetManifestResourceInfo("Microsoft.Extensions.FileProviders.Embedded.Manifest.xml") is null)
        {
            return null;
        }

        var files = new ManifestEmbeddedFileProvider(assembly, "wwwroot");
        return files.GetFileInfo("index.html").Exists ? files : null;
    }

    public static void UseStaticUi(this WebApplication app)
    {
        var files = Files();
        if (files is null)
        {
            app.MapGet("/", () => Results.Text(
                "Cairn is running, but the control UI was not built (ui/ missing or built with SkipUi=true). The API is at POST /api and /ws.",
                "text/plain"));
        }

        // Last in line: paths no endpoint took. A UI route gets the page, an embedded file itself, the rest a 404.
        var types = new FileExtensionContentTypeProvider();
        app.MapFallback("{**path}", (HttpContext http) =>
        {
            var path = http.Request.Path.Value ?? "/";
            if (files is null || !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
            {
                return NotFound(http);
            }

            if (Routes.Contains(path.Length > 1 ? path.TrimEnd('/') : path))
            {
                return Serve(http, files.GetFileInfo("index.html"), "text/html; charset=utf-8", "no-cache");
            }

            var file = files.GetFileInfo(path.TrimStart('/'));
            if (!file.Exists || file.IsDirectory || path.EndsWith(".map", StringComparison.Ordinal))
            {
                return NotFound(http);
            }

            // Vite's assets carry a content hash in their names, so they never change; everything else is revalidated.
            var cache = path.StartsWith("/assets/", StringComparison.Ordinal) ? "public, max-age=31536000, immutable" : "no-cache";
            return Serve(http, file, types.TryGetContentType(path, out var type) ? type : "application/octet-stream", cache);
        });
    }

    private static IResult Serve(HttpContext http, IFileInfo file, string contentType, string cache)
    {
        http.Response.Headers[HeaderNames.CacheControl] = cache;
        return Results.Stream(file.CreateReadStream(), contentType);
    }

    private static IResult NotFound(HttpContext http)
    {
        var error = new MethodError(ErrorCode.NotFound,
            $"Nothing at {http.Request.Method} {http.Request.Path}. The gateway serves POST /api, /ws, GET /api/schema, /healthz, /readyz, /metrics, "
            + "/v1 (the OpenAI-compatible endpoint, when enabled) and the web UI at /, /chat and /sessions.");
        http.Response.Headers[HeaderNames.CacheControl] = "no-store";
        return Results.Json(new { ok = false, error }, ProtocolJson.Options, statusCode: StatusCodes.Status404NotFound);
    }
}
