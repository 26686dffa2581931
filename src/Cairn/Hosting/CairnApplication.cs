using Cairn.Analytics;
using Cairn.Chat;
using Cairn.Chat.Models;
using Cairn.Commands;
using Cairn.Config;
using Cairn.Export;
using Cairn.Import;
using Cairn.Observability;
using Cairn.OpenAi;
using Cairn.Protocol;
using Cairn.Search;
using Cairn.Sessions;
using Cairn.Sharing;
using Cairn.Templates;
using Cairn.Transport;

namespace Cairn.Hosting;

/// <summary>The request pipeline and every endpoint; the method table gets its filters and each feature's methods.</summary>
public static class CairnApplication
{
    public static WebApplication MapCairn(this WebApplication app)
    {
        var gateway = app.Services.GetRequiredService<CairnConfig>().Gateway;
        app.UseSecurityHeaders(gateway);
        app.UseHttpRateLimit(ObservabilityExtensions.IsProbe);
        app.UseCorsPolicy(gateway);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.MapObservability();
        app.Services.GetRequiredService<MethodTable>()
            .UseFilter(app.Services.GetRequiredService<RequestMetricsFilter>())
            .UseFilter(app.Services.GetRequiredService<RequestLogFilter>())
            .UseFilter(app.Services.GetRequiredService<InternalErrorFilter>())
            .MapCairnMethods();
        app.MapApi();
        app.MapApiSchema();
        app.MapWebSocketEndpoint();
        app.MapOpenAiEndpoints();
        app.MapSharePages();
        app.UseStaticUi();
        return app;
    }

    /// <summary>Every method of the gateway, feature by feature (also what a schema generator maps).</summary>
    public static MethodTable MapCairnMethods(this MethodTable methods) => methods
        .MapSessionMethods()
        .MapChatMethods()
        .MapShareMethods()
        .MapExportMethods()
        .MapSearchMethods()
        .MapAnalyticsMethods()
        .MapTemplateMethods()
        .MapImportMethods()
        .MapCommandMethods()
        .MapModelMethods()
        .MapEventMethods();
}
