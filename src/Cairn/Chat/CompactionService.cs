using Cairn.Chat.Context;
using Cairn.Chat.Models;
using Cairn.Commands;
using Cairn.Protocol;
using Cairn.Sessions;

namespace Cairn.Chat;

/// <summary>
/// Compaction asked for by the user: <c>sessions.compact {key, instructions?}</c> and <c>/compact [focus]</c>.
/// Summarises everything but the last exchange of the current conversation, under the session's run lock (a send
/// meanwhile is refused with CONFLICT <c>run_active</c>, activity <c>compaction</c>; <c>chat.abort</c> stops it).
/// Nothing is deleted: the summary row covers a seq range and the originals stay in <c>chat.history</c>.
/// </summary>
public sealed class CompactionService(SessionService sessions, ChatRuns runs, ChatContext context, ModelCatalog models) : ICompaction
{
    public async Task<Outcome<SessionsCompactResult>> CompactAsync(SessionsCompactParams p, CancellationToken ct)
    {
        if (sessions.Find(p.Key) is not { } found)
        {
            return sessions.NotFound(p.Key);
        }

        var model = models.For(found.Model).Model;
        if (!model.Budget.CanSummarise)
        {
            return WindowTooSmall(p.Key, model.Budget.Limits.ContextWindow);
        }

        var started = await runs.TryStartAsync(p.Key, RunKind.Compaction, ct);
        if (started.Value is not { } run)
        {
            return started.Error!;
        }

        try
        {
            // Read under the lock, so no reply or reset lands between the read and the summary.
            if (sessions.Find(p.Key) is not { } entry)
            {
                return sessions.NotFound(p.Key);
            }

            using var both = CancellationTokenSource.CreateLinkedTokenSource(run.Token, ct);
            var done = await context.CompactNowAsync(models.For(entry.Model).Model, entry, Focus(p.Instructions), both.Token);
            if (done.Summary is null)
            {
                return done.Failure is { } failure ? Failed(p.Key, failure) : NothingToCompact(p.Key);
            }

            sessions.Compacted(p.Key);
            return new SessionsCompactResult(sessions.Shown(sessions.Find(p.Key) ?? entry), done.Summary);
        }
        catch (OperationCanceledException) when (run.Token.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return new MethodError(ErrorCode.Conflict, "The compaction was stopped before a summary was written; nothing changed.",
                new Dictionary<string, object?> { ["reason"] = "aborted", ["sessionKey"] = p.Key });
        }
        finally
        {
            await runs.FinishAsync(run);
            run.Dispose();
        }
    }

    private static string? Focus(string? instructions) => string.IsNullOrWhiteSpace(instructions) ? null : instructions.Trim();

    private static MethodError NothingToCompact(string key) => new(ErrorCode.Conflict,
        "There is nothing to summarise yet: the conversation is no longer than its last exchange (or already summarised).",
        new Dictionary<string, object?> { ["reason"] = "nothing_to_compact", ["sessionKey"] = key });

    private static MethodError WindowTooSmall(string key, int window) => new(ErrorCode.Conflict,
        $"This model's context window ({window} tokens) is too small to write a summary into; the most recent messages " +
        "that fit are sent instead. Nothing is deleted.",
        new Dictionary<string, object?> { ["reason"] = "window_too_small", ["sessionKey"] = key, ["contextWindow"] = window });

    private static MethodError Failed(string key, ProviderFailureNote failure) => new(ErrorCode.Unavailable,
        $"The summary could not be written: {failure.Message}",
        new Dictionary<string, object?> { ["reason"] = failure.Reason, ["sessionKey"] = key });
}
