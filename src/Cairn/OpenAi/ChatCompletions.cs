using System.Text.Json;
using Cairn.Chat;
using Cairn.Protocol;
using Cairn.Sessions;

namespace Cairn.OpenAi;

/// <summary>
/// <c>POST /v1/chat/completions</c> over <see cref="ChatService"/>: a send like any other surface's (slash commands,
/// persistent rules, the reset policy and the run loop are chat's), read back from the event hub, and written in
/// OpenAI's format, whole or streamed.
/// </summary>
public sealed class ChatCompletions(ChatService chat, SessionService sessions, EventHub events, TimeProvider time)
{
    /// <summary>The surface counters and logs show for this endpoint.</summary>
    public static readonly Caller Caller = new("openai");

    /// <summary>The log line's outcome when the client left before the reply was done.</summary>
    public const string ClientGone = "CLIENT_GONE";

    /// <summary>Answers the request; returns the outcome for the log line and the session it went to.</summary>
    public async Task<(string Outcome, string? SessionKey)> HandleAsync(HttpContext http, JsonElement body)
    {
        var ct = http.RequestAborted;
        var (request, invalid) = CompletionRequest.Parse(body);
        if (request is null)
        {
            return (await FailAsync(http, invalid!), null);
        }

        var (target, unknown) = await SessionTarget.SelectAsync(request, http.Request.Headers, sessions, ct);
        if (target is null)
        {
            return (await FailAsync(http, unknown!), null);
        }

        var send = new ChatSendParams(request.Text, target.SessionKey, target.Peer, IdempotencyKeyOf(http));
        if (ChatValidation.Send(send) is { } bad)
        {
            return (await FailAsync(http, OpenAiError.From(bad, bad.Details?.ContainsKey("field") == true ? "messages" : null)), target.SessionKey);
        }

        using var run = new RunEvents(events);
        var sent = await chat.SendAsync(send, Caller, ct);
        if (sent.Error is { } refused)
        {
            return (await FailAsync(http, OpenAiError.From(refused)), target.SessionKey);
        }

        var result = sent.Value!;
        var reply = new CompletionReply("chatcmpl-" + (result.RunId ?? Guid.NewGuid().ToString("N")), time.GetUtcNow().ToUnixTimeSeconds(),
            result.SessionKey, request.IncludeUsage);
        http.Response.Headers[SessionTarget.SessionHeader] = result.SessionKey;
        if (result.Command is { } command)
        {
            await CommandAsync(http, request, reply, CompletionReply.CommandText(command, target));
            return ("OK", result.SessionKey);
        }

        var outcome = request.Stream
            ? await StreamAsync(http, reply, run.ReadAsync(result.RunId!, ct), result.RunId!)
            : await WholeAsync(http, reply, run.ReadAsync(result.RunId!, ct), result.RunId!);
        return (outcome, result.SessionKey);
    }

    private static async Task CommandAsync(HttpContext http, CompletionRequest request, CompletionReply reply, string text)
    {
        if (!request.Stream)
        {
            await reply.Completion(text, CompletionUsage.None).ExecuteAsJsonAsync(http);
            return;
        }

        ChunkWriter.Begin(http);
        var stream = new ChunkWriter(http.Response, reply);
        await stream.StartAsync(http.RequestAborted);
        await stream.DeltaAsync(text, http.RequestAborted);
        await stream.FinishAsync(CompletionUsage.None, http.RequestAborted);
    }

    private async Task<string> WholeAsync(HttpContext http, CompletionReply reply, IAsyncEnumerable<ChatEvent> events, string runId)
    {
        // The final event carries the whole reply.
        var end = await FollowAsync(events, reply.SessionKey, runId, _ => Task.CompletedTask, http.RequestAborted);
        if (end is null)
        {
            return ClientGone;
        }

        if (end.State == RunState.Error)
        {
            return await FailAsync(http, RunFailed(end));
        }

        await reply.Completion(end.Text, UsageOf(reply.SessionKey, runId)).ExecuteAsJsonAsync(http);
        return "OK";
    }

    private async Task<string> StreamAsync(HttpContext http, CompletionReply reply, IAsyncEnumerable<ChatEvent> events, string runId)
    {
        var ct = http.RequestAborted;
        ChunkWriter.Begin(http);
        var stream = new ChunkWriter(http.Response, reply);
        await stream.StartAsync(ct);
        var end = await FollowAsync(events, reply.SessionKey, runId, delta => stream.DeltaAsync(delta, ct), ct);
        if (end is null)
        {
            return ClientGone;
        }

        if (end.State == RunState.Error)
        {
            var error = RunFailed(end);
            await stream.FailAsync(error, ct);
            return error.Code.ToUpperInvariant();
        }

        await stream.FinishAsync(UsageOf(reply.SessionKey, runId), ct);
        return "OK";
    }

    /// <summary>
    /// Hands each delta on and returns the run's end; null when the client went away, in which case the run is
    /// stopped, as Ctrl+C stops it in <c>cairn chat</c> (the partial reply is kept, as for any abort).
    /// </summary>
    private async Task<ChatEvent?> FollowAsync(IAsyncEnumerable<ChatEvent> events, string sessionKey, string runId, Func<string, Task> onDelta,
        CancellationToken ct)
    {
        try
        {
            await foreach (var e in events)
            {
                if (e.State != RunState.Delta)
                {
                    return e;
                }

                await onDelta(e.Text);
            }
        }
        catch (Exception ex) when ((ex is OperationCanceledException or IOException) && ct.IsCancellationRequested)
        {
            await chat.AbortAsync(new ChatAbortParams(sessionKey, runId), CancellationToken.None);
        }

        return null;
    }

    /// <summary>The token counts the run stored with its reply (the provider's, or the echo model's word counts).</summary>
    private CompletionUsage UsageOf(string sessionKey, string runId)
    {
        var history = chat.History(new ChatHistoryParams(sessionKey, Limit: 20), Caller);
        var stored = history.Value?.Messages.LastOrDefault(m => m.RunId == runId && m.Role == MessageRoles.Assistant);
        return stored is null ? CompletionUsage.None : new CompletionUsage(stored.InputTokens ?? 0, stored.OutputTokens ?? 0);
    }

    private static OpenAiError RunFailed(ChatEvent end) =>
        new(StatusCodes.Status500InternalServerError, end.Text, "server_error", "run_failed");

    private static string? IdempotencyKeyOf(HttpContext http) =>
        http.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 and <= 128 } key ? key : null;

    private static async Task<string> FailAsync(HttpContext http, OpenAiError error)
    {
        await error.ToResult().ExecuteAsync(http);
        return error.Code.ToUpperInvariant();
    }
}

/// <summary>Writes a completion record as OpenAI's JSON.</summary>
internal static class CompletionResults
{
    public static Task ExecuteAsJsonAsync(this ChatCompletion completion, HttpContext http) =>
        Results.Json(completion, OpenAiJson.Options).ExecuteAsync(http);
}
