using System.Globalization;
using Cairn.Protocol;

namespace Cairn.Commands;

/// <summary>
/// <c>/compact [focus]</c>: summarise this session's conversation now, all but its last exchange, through the
/// same service as <c>sessions.compact</c>; the focus tells the summary what to keep. Works in persistent sessions:
/// nothing is deleted, the originals stay readable above the summary's divider.
/// </summary>
public sealed class CompactCommand(ICompaction compaction)
{
    public async Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct)
    {
        var focus = CommandText.Unquote(call.Args);
        if (focus.Length > CompactionLimits.MaxInstructionsLength)
        {
            return call.Reply($"The focus must be at most {CompactionLimits.MaxInstructionsLength} characters.");
        }

        var done = await compaction.CompactAsync(new SessionsCompactParams(call.SessionKey, focus.Length == 0 ? null : focus), ct);
        if (done.Error is { } error)
        {
            return call.Reply(error.Message);
        }

        var (entry, summary) = done.Value!;
        var covered = summary.CoversFrom is { } from && summary.CoversTo is { } to
            ? string.Create(CultureInfo.InvariantCulture, $"messages {from}–{to}")
            : "the earlier messages";
        return call.Reply($"Summarised {covered} of '{entry.Label}'; the originals stay readable above the summary. " +
            "The model now sees the summary and the last exchange.");
    }
}
