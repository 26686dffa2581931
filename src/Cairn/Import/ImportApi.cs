using Cairn.Protocol;

namespace Cairn.Import;

/// <summary>The import method: a name onto <see cref="CairnImport"/>.</summary>
public static class ImportApi
{
    public static MethodTable MapImportMethods(this MethodTable methods) => methods
        .Add("sessions.import", "Import Cairn's own export (one JSON document, or JSON Lines of them), or ChatGPT's conversations.json: all of it, or nothing.",
            static (CairnImport import, SessionsImportParams p, CancellationToken ct) => import.ImportAsync(p, ct));

    public static IServiceCollection AddCairnImport(this IServiceCollection services)
    {
        services.AddSingleton<Store.ImportStore>();
        return services.AddSingleton<CairnImport>();
    }
}
