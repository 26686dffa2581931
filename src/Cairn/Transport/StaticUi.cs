using Microsoft.Extensions.FileProviders;

namespace Cairn.Transport;

/// <summary>Serves the built control UI from <c>wwwroot</c> beside the executable, with an SPA fallback.</summary>
public static class StaticUi
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "wwwroot");

    public static void UseStaticUi(this WebApplication app)
    {
        if (!File.Exists(Path.Combine(Root, "index.html")))
        {
            app.MapGet("/", () => Results.Text(
                "Cairn is running, but the control UI was not built (ui/ missing or built with SkipUi=true). The API is at POST /api and /ws.",
                "text/plain"));
            return;
        }

        var files = new PhysicalFileProvider(Root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        app.MapFallback(async http =>
        {
            var path = http.Request.Path.Value ?? "";
            if (!HttpMethods.IsGet(http.Request.Method) || path.StartsWith("/api", StringComparison.Ordinal) || Path.HasExtension(path))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.SendFileAsync(files.GetFileInfo("index.html"));
        });
    }
}
