using System.Text;
using Cairn.Protocol.Schema;

namespace Cairn.Protocol;

/// <summary>
/// <c>GET /api/schema</c>: the OpenRPC description of the protocol, without a token. It holds nothing of this
/// gateway's data or configuration, only what the repository's <c>docs/api/schema.json</c> already publishes
/// (see docs/decisions.md). Generated on first request, then served from memory.
/// </summary>
public static class ApiSchemaEndpoint
{
    public static IEndpointRouteBuilder MapApiSchema(this IEndpointRouteBuilder app)
    {
        var document = new Lazy<string>(() => ApiSchema.Generate(app.ServiceProvider.GetRequiredService<MethodTable>()));
        app.MapGet(ApiSchema.Path, () => Results.Text(document.Value, "application/json", Encoding.UTF8));
        return app;
    }
}
