using System.CommandLine;
using System.Text.Json;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>
/// <c>cairn export [key] [--format md|json] [-o file]</c>: one session as a file, through <c>sessions.export</c>;
/// <c>cairn export --all [-o file]</c>: every session, archived ones too (not the trash), as JSON Lines (one <c>cairn.session</c> document a line), with
/// progress on standard error. Without <c>-o</c> the file goes to standard output.
/// </summary>
public static class ExportCommand
{
    public static Command Build()
    {
        var options = new ClientOptions();
        var key = new Argument<string?>("key") { Description = "The session to export (default: main).", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string>("--format", "-f") { Description = "md (readable Markdown, default) or json (lossless).", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "json");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var current = new Option<bool>("--current") { Description = "Only the current conversation (default: every conversation of the session)." };
        var all = new Option<bool>("--all") { Description = "Every session, as JSON Lines (one JSON document per session)." };
        var command = options.AddTo(new Command("export", "Export a session (or every session) from a running gateway.") { key, format, output, current, all });
        command.Validators.Add(r =>
        {
            if (r.GetValue(all) && r.GetValue(key) is not null)
            {
                r.AddError("Give a session key or --all, not both.");
            }
        });

        ClientRun.SetAction(command, options, (result, client, ct) => result.GetValue(all)
            ? AllAsync(client, result.GetValue(output), result.GetValue(current), ct)
            : OneAsync(client, result.GetValue(key) ?? "main", Enum.Parse<ExportFormat>(result.GetValue(format)!, ignoreCase: true),
                result.GetValue(output), result.GetValue(current), ct));
        return command;
    }

    private static async Task<int> OneAsync(ClientContext client, string key, ExportFormat format, string? path, bool current, CancellationToken ct)
    {
        var reply = await client.Api.RequestAsync<SessionsExportResult>("sessions.export", new SessionsExportParams(key, format, current), ct);
        if (reply.Error is { } error)
        {
            return client.Output.Fail(client.Explain(error));
        }

        if (path is null)
        {
            await client.Output.Out.WriteAsync(reply.Result.Content);
            return ExitCodes.Ok;
        }

        await File.WriteAllTextAsync(path, reply.Result.Content, ct);
        await Console.Error.WriteLineAsync($"Exported '{key}' to {path}.");
        return ExitCodes.Ok;
    }

    private static async Task<int> AllAsync(ClientContext client, string? path, bool current, CancellationToken ct)
    {
        // Every session kept: those in use and the archived ones (not the trash).
        var keys = new List<string>();
        foreach (var archived in new bool?[] { null, true })
        {
            string? next = null;
            do
            {
                var page = await client.Api.RequestAsync<SessionsListResult>("sessions.list",
                    new SessionsListParams(200, next, Sort: SessionSort.Created, Archived: archived), ct);
                if (page.Error is { } error)
                {
                    return client.Output.Fail(client.Explain(error));
                }

                keys.AddRange(page.Result.Sessions.Select(s => s.Key));
                next = page.Result.NextCursor;
            }
            while (next is not null);
        }

        // A file is written under a temporary name and renamed when whole, so a failed export leaves no half file.
        var target = path is null ? client.Output.Out : new StreamWriter(path + ".partial");
        var done = false;
        try
        {
            for (var i = 0; i < keys.Count; i++)
            {
                var reply = await client.Api.RequestAsync<SessionsExportResult>("sessions.export", new SessionsExportParams(keys[i], ExportFormat.Json, current), ct);
                if (reply.Error is { } error)
                {
                    return client.Output.Fail(client.Explain(error));
                }

                // One document a line: re-serialise the indented file compactly.
                using var document = JsonDocument.Parse(reply.Result.Content);
                await target.WriteLineAsync(JsonSerializer.Serialize(document.RootElement));
                if (!Console.IsErrorRedirected)
                {
                    await Console.Error.WriteAsync($"\rExported {i + 1} of {keys.Count} sessions");
                }
            }

            done = true;
        }
        finally
        {
            if (path is not null)
            {
                await target.DisposeAsync();
                if (!done)
                {
                    File.Delete(path + ".partial");
                }
            }
        }

        if (path is not null)
        {
            File.Move(path + ".partial", path, overwrite: true);
            await Console.Error.WriteLineAsync($"\rExported {keys.Count} sessions to {path}.");
        }

        return ExitCodes.Ok;
    }
}
