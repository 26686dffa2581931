using System.Globalization;
using Cairn.Protocol;
using Cairn.Sessions;

namespace Cairn.Commands;

/// <summary>
/// <c>/session export [name] [md|json]</c>. A chat cannot hand over a file, and a command's reply is stored in the
/// conversation as a notice, so the export is never pasted into the chat (it would copy the conversation into itself,
/// and the next export would hold it twice): the reply says what the file holds and how to get it, from the command
/// line or the API.
/// </summary>
public sealed class SessionExportCommand(SessionService sessions)
{
    public CommandReply Export(CommandCall call)
    {
        var words = CommandText.Unquote(call.Args).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var format = ExportFormat.Md;
        if (words.Count > 0 && Enum.TryParse<ExportFormat>(words[^1], ignoreCase: true, out var asked) && !int.TryParse(words[^1], out _))
        {
            format = asked;
            words.RemoveAt(words.Count - 1);
        }

        var name = string.Join(' ', words);
        var found = name.Length == 0 ? sessions.Get(call.SessionKey) : sessions.Resolve(name);
        if (found.Error is { } error)
        {
            return call.Reply(error.Code == ErrorCode.NotFound && name.Length > 0 ? $"{error.Message} See /session list." : error.Message);
        }

        var entry = found.Value!.Entry;
        var wire = format.WireName();
        var what = format == ExportFormat.Md ? "Markdown to read" : "JSON that loses nothing (cairn import cairn takes it back)";
        var generations = sessions.Generations(entry.Key).Value?.Generations.Count ?? 1;
        return call.Reply(string.Create(CultureInfo.InvariantCulture,
            $"'{entry.Label}' ({entry.Key}) as {what}: every conversation of it ({generations}). A chat cannot hand over a file; get it with\n" +
            $"  cairn export {entry.Key} --format {wire} -o {entry.Key}.{wire}\n" +
            $"or the API: sessions.export {{\"key\": \"{entry.Key}\", \"format\": \"{wire}\"}} (its result's content is the file)."));
    }
}
