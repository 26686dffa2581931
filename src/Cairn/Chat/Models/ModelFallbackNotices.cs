using System.Collections.Concurrent;
using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Chat.Models;

/// <summary>
/// Says in the conversation, as a <c>notice</c> row before the reply, that a session's pinned model is no longer
/// configured and the default answers instead: once per session and pinned name for as long as the gateway runs, so
/// the transcript is not filled with the same line under every reply (docs/decisions.md, "A removed model").
/// </summary>
public sealed class ModelFallbackNotices(TranscriptStore transcripts, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, string> _said = new(StringComparer.Ordinal);

    public static string Text(string pinned, string used) =>
        $"This session was set to the model '{pinned}', which is no longer configured: the default model '{used}' answers instead. " +
        "Choose a model with /model.";

    /// <summary>The notice carries the run's id, so a client that shows the run adopts it with the reply.</summary>
    public async Task NoticeOnceAsync(SessionEntry session, ModelChoice choice, string runId, CancellationToken ct)
    {
        if (!choice.FellBack || _said.TryGetValue(session.Key, out var said) && said == choice.Pinned)
        {
            return;
        }

        _said[session.Key] = choice.Pinned!;
        await transcripts.AppendAsync(session.Key, [new NewMessage(MessageRoles.Notice, Text(choice.Pinned!, choice.Model.Name), RunId: runId)],
            time.GetUtcNow().ToUnixTimeMilliseconds(), session.SessionId, ct);
    }
}
