using System.Globalization;
using System.Text;
using Cairn.Protocol;

namespace Cairn.Commands;

/// <summary>
/// <c>/session fork [name]</c>, <c>/session merge &lt;a&gt; &lt;b&gt; … [--into x] [--sequential] [--preview]</c> and
/// <c>/session unmerge [name]</c>: the same <c>sessions.fork|merge|unmerge</c> of <see cref="Sessions.SessionService"/>.
/// Names are read like <c>/session switch</c>'s (key, label, unique prefix, list number); a name with spaces is quoted.
/// </summary>
public sealed partial class SessionCommands
{
    /// <summary>Forks this session's whole current conversation and switches to the fork.</summary>
    public async Task<CommandReply> ForkAsync(CommandCall call, CancellationToken ct)
    {
        var name = CommandText.Unquote(call.Args);
        var forked = await sessions.ForkAsync(new SessionsForkParams(call.SessionKey, Label: name.Length == 0 ? null : name), ct);
        if (forked.Error is { } error)
        {
            return call.Reply(error.Message);
        }

        var fork = forked.Value!;
        return await SwitchToAsync(call, fork.Key,
            $"Forked this conversation ({fork.Copied} messages) into '{fork.Entry.Label}' (key {fork.Key}) and switched to it; the original is unchanged.", ct);
    }

    public async Task<CommandReply> MergeAsync(CommandCall call, CancellationToken ct)
    {
        var words = Words(call.Args);
        string? intoName = null;
        var (order, preview) = (MergeOrder.Time, false);
        var names = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "--into" when i + 1 < words.Count: intoName = words[++i]; break;
                case "--sequential": order = MergeOrder.Sequential; break;
                case "--preview": preview = true; break;
                default: names.Add(words[i]); break;
            }
        }

        if (names.Count == 0 || (names.Count < 2 && intoName is null) || names.Any(n => n.StartsWith("--", StringComparison.Ordinal)))
        {
            return call.Usage();
        }

        var keys = new List<string>();
        foreach (var n in intoName is null ? names : [.. names, intoName])
        {
            var (entry, problem) = Find(call, n);
            if (entry is null)
            {
                return call.Reply(problem!);
            }

            keys.Add(entry.Key);
        }

        var request = new SessionsMergeParams(intoName is null ? keys : keys[..^1], intoName is null ? null : keys[^1], null, order, preview);
        if (Sessions.ForkMergeValidation.Merge(request) is { } invalid)
        {
            return call.Reply(invalid.Message);
        }

        var merged = await sessions.MergeAsync(request, ct);
        if (merged.Error is { } error)
        {
            return call.Reply(error.Message);
        }

        var result = merged.Value!;
        var text = Outline(result.Outline, preview);
        return preview ? call.Reply(text) : await SwitchToAsync(call, result.Key!, text, ct);
    }

    public async Task<CommandReply> UnmergeAsync(CommandCall call, CancellationToken ct)
    {
        var name = CommandText.Unquote(call.Args);
        var (entry, problem) = name.Length == 0 ? (sessions.Find(call.SessionKey), Gone(call)) : Find(call, name);
        if (entry is null)
        {
            return call.Reply(problem!);
        }

        var undone = await sessions.UnmergeAsync(entry.Key, ct);
        if (undone.Error is { } error)
        {
            return call.Reply(error.Message);
        }

        var result = undone.Value!;
        var back = result.Restored.Count == 0 ? "" : $" Unarchived: {string.Join(", ", result.Restored)}.";
        var text = result.Removed switch
        {
            "purged" => $"Took back the merge: '{entry.Label}' ({entry.Key}) is gone (it held only the {result.MessagesRemoved} copied messages).{back}",
            "trashed" => $"Took back the merge: '{entry.Label}' ({entry.Key}) had new messages, so it is in the trash (/session restore {entry.Key}).{back}",
            _ => $"Took back the merge into '{entry.Label}': its {result.MessagesRemoved} copied messages are removed.{back}",
        };
        return result.Removed != "messages" && entry.Key == call.SessionKey && result.Restored.Count > 0
            ? await SwitchToAsync(call, result.Restored[0], text, ct)
            : call.Reply(text);
    }

    private static string Outline(MergeOutline outline, bool preview)
    {
        var text = new StringBuilder(preview ? "Merge preview (nothing written):" : "Merged:");
        text.Append(outline.Into is null ? $" a new session '{outline.Label}'" : $" into '{outline.Label}' ({outline.Into})")
            .Append(CultureInfo.InvariantCulture, $", {outline.Messages} messages, by {(outline.Order == MergeOrder.Time ? "time" : "source")}.");
        foreach (var source in outline.Sources)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {source.Label} ({source.Key}): {source.Messages} messages{(source.Archive ? (preview ? ", to be archived" : ", archived") : "")}");
        }

        foreach (var conflict in outline.Conflicts)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {conflict.Field} differs: {conflict.Resolution}.");
        }

        if (!preview)
        {
            text.Append("\n/session unmerge takes it back.");
        }

        return text.ToString();
    }

    /// <summary>Words of the arguments; "quoted words" stay one.</summary>
    private static List<string> Words(string args)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in args)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                Flush();
            }
            else
            {
                current.Append(c);
            }
        }

        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
    }
}
