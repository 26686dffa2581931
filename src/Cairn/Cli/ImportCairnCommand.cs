using System.CommandLine;
using System.Text.Json;
using Cairn.Import;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>
/// <c>cairn import cairn &lt;file&gt;</c>: a file from <c>cairn export</c> (JSON) or <c>cairn export --all</c> (JSON
/// Lines) into a running gateway. The whole file is checked first, so a bad or cut file imports nothing; then each
/// session is imported whole (<c>sessions.import</c>), with progress on a terminal and a table at the end.
/// </summary>
internal static class ImportCairnCommand
{
    public static Command Build()
    {
        var options = new ClientOptions();
        var file = new Argument<string>("file") { Description = "A file from 'cairn export' (JSON) or 'cairn export --all' (JSON Lines)." };
        var command = options.AddTo(new Command("cairn", "Import Cairn's own export into a running gateway (keys and conversations kept; a taken key gets -2).") { file });
        ClientRun.SetAction(command, options, async (result, client, ct) =>
        {
            var path = result.GetValue(file)!;
            if (!File.Exists(path))
            {
                return client.Output.Fail(ErrorCode.InvalidRequest.WireName(), $"{path}: no such file.");
            }

            var (documents, problem) = CairnImport.Parse(await File.ReadAllTextAsync(path, ct));
            if (problem is not null)
            {
                return client.Output.Fail(ErrorCode.InvalidRequest.WireName(), $"{path}: {problem} Nothing was imported.");
            }

            var imported = new List<ImportedSessionResult>();
            for (var i = 0; i < documents.Count; i++)
            {
                var content = JsonSerializer.Serialize(documents[i], ProtocolJson.Options);
                var reply = await client.Api.RequestAsync<SessionsImportResult>("sessions.import", new SessionsImportParams(content), ct);
                if (reply.Error is { } error)
                {
                    client.Output.Line($"Imported {i} of {documents.Count} sessions before the gateway refused '{documents[i].Session.Key}'.");
                    return client.Output.Fail(client.Explain(error));
                }

                imported.AddRange(reply.Result.Sessions);
                if (!Console.IsErrorRedirected)
                {
                    await Console.Error.WriteAsync($"\rImported {i + 1} of {documents.Count} sessions");
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

            var rows = imported.Select(r => (IReadOnlyList<string>)[r.SourceKey, r.Key, r.Action, r.Generations.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.Messages.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ToList();
            foreach (var line in TextTable.Render(["FROM", "KEY", "ACTION", "CONVERSATIONS", "MESSAGES"], rows, (row, _, text) => row < 0 ? client.Output.Bold(text) : text))
            {
                client.Output.Line(line);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
