using Cairn.Protocol;
using Cairn.Sessions;

namespace Cairn.Export;

/// <summary>The export method: a name onto <see cref="ExportService"/>.</summary>
public static class ExportApi
{
    public static MethodTable MapExportMethods(this MethodTable methods) => methods
        .Add("sessions.export", "One session as a file: Markdown to read or lossless JSON; every conversation, or the current one.",
            static (ExportService export, SessionsExportParams p) => export.Export(p), static p => SessionRules.CheckKey(p.Key));
}
