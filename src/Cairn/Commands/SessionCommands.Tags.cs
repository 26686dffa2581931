using Cairn.Protocol;

namespace Cairn.Commands;

/// <summary>The <c>/session …</c> handlers for tags and pins of the current session, through <see cref="Sessions.SessionService"/>.</summary>
public sealed partial class SessionCommands
{
    /// <summary><c>/session tag</c> lists the tags; <c>/session tag add|remove &lt;tag&gt;</c> changes one.</summary>
    public async Task<CommandReply> TagAsync(CommandCall call, CancellationToken ct)
    {
        if (sessions.Find(call.SessionKey) is not { } entry)
        {
            return call.Reply(Gone(call));
        }

        var (verb, rest) = CommandText.SplitFirst(call.Args);
        var tag = CommandText.Unquote(rest);
        if (verb.Length == 0)
        {
            return call.Reply(entry.Tags.Count == 0
                ? $"'{entry.Label}' has no tags. Add one with /session tag add <tag>."
                : $"Tags of '{entry.Label}': {string.Join(", ", entry.Tags)}.");
        }

        var add = verb.Equals("add", StringComparison.OrdinalIgnoreCase);
        if ((!add && !verb.Equals("remove", StringComparison.OrdinalIgnoreCase)) || tag.Length == 0)
        {
            return call.Usage();
        }

        var result = await sessions.TagAsync(entry.Key, tag, add, ct);
        if (result.Error is { } error)
        {
            return call.Reply(error.Message);
        }

        var tags = result.Value!.Entry.Tags;
        var now = tags.Count == 0 ? "no tags" : "tags: " + string.Join(", ", tags);
        return call.Reply($"'{entry.Label}' now has {now}.");
    }

    public Task<CommandReply> PinAsync(CommandCall call, CancellationToken ct) => SetPinAsync(call, true, ct);

    public Task<CommandReply> UnpinAsync(CommandCall call, CancellationToken ct) => SetPinAsync(call, false, ct);

    private async Task<CommandReply> SetPinAsync(CommandCall call, bool pinned, CancellationToken ct)
    {
        if (call.Args.Length > 0)
        {
            return call.Usage();
        }

        if (sessions.Find(call.SessionKey) is not { } entry)
        {
            return call.Reply(Gone(call));
        }

        if (entry.Pinned == pinned)
        {
            return call.Reply(pinned ? $"'{entry.Label}' is pinned already." : $"'{entry.Label}' is not pinned.");
        }

        var result = await sessions.PinAsync(entry.Key, pinned, ct);
        return result.Error is { } error ? call.Reply(error.Message)
            : call.Reply(pinned ? $"Pinned '{entry.Label}': it comes first in the session list." : $"Unpinned '{entry.Label}'.");
    }
}
