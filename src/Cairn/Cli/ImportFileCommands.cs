using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cairn.Import;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>
/// <c>cairn import cairn &lt;file&gt;</c> (a file from <c>cairn export</c> or <c>cairn export --all</c>) and <c>cairn import
/// chatgpt &lt;conversations.json&gt;</c> (ChatGPT's data export), into a running gateway through <c>sessions.import</c>.
/// The whole file is checked here first, with the gateway's own parser, so a bad or cut file imports nothing; then it is
/// sent a part at a time (a session, or conversations up to <see cref="ChatGptPartChars"/>), each part imported whole,
/// with progress on a terminal and a table at the end.
/// </summary>
internal static class ImportFileCommands
{
    /// <summary>Conversations per request up to about this many characters: well inside the default 1 MiB <c>gateway.maxPayloadBytes</c>.</summary>
    public const int ChatGptPartChars = 512 * 1024;

    public static IEnumerable<Command> Build() => [Cairn(), ChatGpt()];

    private static Command Cairn() => FileCommand("cairn",
        "Import Cairn's own export into a running gateway (keys and conversations kept; a taken key gets -2).",
        "A file from 'cairn export' (JSON) or 'cairn export --all' (JSON Lines).",
        content =>
        {
            var (documents, problem) = CairnImport.Parse(content);
            return (problem, [.. documents.Select(d => ($"'{d.Session.Key}'", new SessionsImportParams(JsonSerializer.Serialize(d, ProtocolJson.Options))))]);
        });

    private static Command ChatGpt() => FileCommand("chatgpt",
        "Import ChatGPT's conversations.json (from its data export) into a running gateway: each conversation a session, " +
        "its last shown branch as the conversation.",
        "conversations.json from ChatGPT's export (Settings, Data controls, Export data; unzip it).",
        content =>
        {
            var (sessions, problem) = ChatGptConversations.Parse(content, 0);
            if (problem is not null)
            {
                return (problem, []);
            }

            var parts = ChatGptConversations.Split(content, ChatGptPartChars);
            return (null, [.. parts.Select((part, i) => ($"part {i + 1} of {parts.Count}", new SessionsImportParams(part, ImportFormat.Chatgpt)))]);
        });

    private static Command FileCommand(string name, string description, string fileDescription,
        Func<string, (string? Problem, List<(string What, SessionsImportParams Request)> Parts)> read)
    {
        var options = new ClientOptions();
        var file = new Argument<string>("file") { Description = fileDescription };
        var command = options.AddTo(new Command(name, description) { file });
        ClientRun.SetAction(command, options, async (result, client, ct) =>
        {
            var path = result.GetValue(file)!;
            if (!File.Exists(path))
            {
                return client.Output.Fail(ErrorCode.InvalidRequest.WireName(), $"{path}: no such file.");
            }

            var (problem, parts) = read(await File.ReadAllTextAsync(path, ct));
            return problem is not null
                ? client.Output.Fail(ErrorCode.InvalidRequest.WireName(), $"{path}: {problem} Nothing was imported.")
                : await SendAsync(client, parts, ct);
        });
        return command;
    }

    private static async Task<int> SendAsync(ClientContext client, List<(string What, SessionsImportParams Request)> parts, CancellationToken ct)
    {
        var imported = new List<ImportedSessionResult>();
        for (var i = 0; i < parts.Count; i++)
        {
            var reply = await client.Api.RequestAsync<SessionsImportResult>("sessions.import", parts[i].Request, ct);
            if (reply.Error is { } error)
            {
                client.Output.Line($"Imported {imported.Count} sessions ({i} of {parts.Count} parts) before the gateway refused {parts[i].What}.");
                return client.Output.Fail(client.Explain(error.Code == ErrorCode.PayloadTooLarge
                    ? error with { Message = error.Message + " Raise gateway.maxPayloadBytes, then import the file again: what is in already is left as it is." }
                    : error));
            }

            imported.AddRange(reply.Result.Sessions);
            if (!Console.IsErrorRedirected)
            {
                await Console.Error.WriteAsync($"\rImported {i + 1} of {parts.Count} parts ({imported.Count} sessions)");
            }
        }

        if (!Console.IsErrorRedirected)
        {
            await Console.Error.WriteLineAsync();
        }

        if (client.Settings.Json)
        {
            client.Output.Json(new SessionsImportResult([.. imported.Select(r => r.Key)], imported));
            return ExitCodes.Ok;
        }

        var rows = imported.Select(r => (IReadOnlyList<string>)[r.SourceKey, r.Key, r.Action, r.Generations.ToString(CultureInfo.InvariantCulture),
            r.Messages.ToString(CultureInfo.InvariantCulture)]).ToList();
        foreach (var line in TextTable.Render(["FROM", "KEY", "ACTION", "CONVERSATIONS", "MESSAGES"], rows, (row, _, text) => row < 0 ? client.Output.Bold(text) : text))
        {
            client.Output.Line(line);
        }

        return ExitCodes.Ok;
    }
}
