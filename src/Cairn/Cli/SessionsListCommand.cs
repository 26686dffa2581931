using System.CommandLine;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary><c>cairn sessions list</c>: one page (or with <c>--all</c>, every page) as a table or JSON.</summary>
internal static class SessionsListCommand
{
    public static Command Build(ClientOptions options)
    {
        var persistent = new Option<bool>("--persistent") { Description = "Only persistent sessions." };
        var temporary = new Option<bool>("--temporary") { Description = "Only sessions that are not persistent." };
        var search = new Option<string?>("--search") { Description = "Only sessions whose label, key or description contains this text." };
        var limit = new Option<int?>("--limit") { Description = "Sessions per page, 1-200 (default: the gateway's session.listPageSize)." };
        var sort = new Option<string>("--sort") { Description = "Order: updated (default, newest first), created, or label.", DefaultValueFactory = _ => "updated" };
        sort.AcceptOnlyFromAmong("updated", "created", "label");
        var cursor = new Option<string?>("--cursor") { Description = "Continue after a page: the nextCursor of the previous --json output." };
        var all = new Option<bool>("--all") { Description = "Follow every page and print all matching sessions." };
        var archived = new Option<bool>("--archived") { Description = "Only archived sessions (the default list leaves them out)." };
        var trashed = new Option<bool>("--trashed") { Description = "Only sessions in the trash (deleted, not yet purged)." };
        var tags = new Option<string[]>("--tag") { Description = "Only sessions with this tag; repeat for several (all must match).", AllowMultipleArgumentsPerToken = false };
        var command = new Command("list", "List sessions in use, newest first, with filters (or the archived ones, or the trash).")
        {
            persistent, temporary, search, limit, sort, cursor, all, archived, trashed, tags,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(persistent) && r.GetValue(temporary))
            {
                r.AddError("--persistent and --temporary cannot be used together.");
            }

            if (r.GetValue(archived) && r.GetValue(trashed))
            {
                r.AddError("--archived and --trashed cannot be used together.");
            }
        });

        ClientRun.SetAction(command, options, async (result, client, ct) =>
        {
            bool? onlyPersistent = result.GetValue(persistent) ? true : result.GetValue(temporary) ? false : null;
            var order = Enum.Parse<SessionSort>(result.GetValue(sort)!, ignoreCase: true);
            var sessions = new List<SessionEntry>();
            string? next = result.GetValue(cursor);
            int total;
            do
            {
                var reply = await client.Api.RequestAsync<SessionsListResult>("sessions.list",
                    new SessionsListParams(result.GetValue(limit), next, onlyPersistent, Search: result.GetValue(search), Sort: order,
                        Archived: result.GetValue(archived) ? true : null, Trashed: result.GetValue(trashed) ? true : null,
                        Tags: result.GetValue(tags) is { Length: > 0 } tagged ? tagged : null), ct);
                if (reply.Error is { } error)
                {
                    return client.Output.Fail(client.Explain(error));
                }

                sessions.AddRange(reply.Result.Sessions);
                total = reply.Result.Total;
                next = reply.Result.NextCursor;
            }
            while (result.GetValue(all) && next is not null);

            var what = result.GetValue(archived) ? "archived sessions" : result.GetValue(trashed) ? "sessions in the trash" : "sessions";
            Print(client.Output, client.Settings.Json, sessions, total, next, what);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(CliOutput output, bool json, List<SessionEntry> sessions, int total, string? next, string what)
    {
        if (json)
        {
            output.Json(new { sessions, nextCursor = next, total });
            return;
        }

        if (sessions.Count == 0)
        {
            output.Line(total == 0 ? $"No {what} match." : $"No more {what}.");
            return;
        }

        var rows = sessions.Select(s => (IReadOnlyList<string>)SessionView.Row(s)).ToList();
        foreach (var line in TextTable.Render(SessionView.Headers, rows, (row, column, text) =>
            row < 0 ? output.Bold(text) : column == 2 && text == "yes" ? output.Green(text) : column is 5 or 6 ? output.Dim(text) : text))
        {
            output.Line(line);
        }

        output.Line(output.Dim(next is null ? $"{sessions.Count} of {total} {what}." : $"{sessions.Count} of {total} {what}. More: add --all, or --cursor {next}"));
    }
}
