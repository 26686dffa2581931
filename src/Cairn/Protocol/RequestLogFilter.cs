using System.Diagnostics;
using System.Text.Json;
using Cairn.Store;

namespace Cairn.Protocol;

/// <summary>
/// One Information line per request: transport, method, the session it concerned, outcome code and duration;
/// never params or results.
/// </summary>
public sealed class RequestLogFilter(ILogger<RequestLogFilter> logger) : IMethodFilter
{
    public async Task<Outcome<object>> InvokeAsync(MethodCall request, MethodInvoker inner)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = await inner(request);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var sessionKey = SessionKeyOf(request, outcome) ?? "-";
            var code = outcome.CodeName;
            Log.Request(logger, request.Context.Transport, request.Label, sessionKey, code, elapsedMs);
        }

        return outcome;
    }

    /// <summary>
    /// The session a call was about: its <c>key</c> or <c>sessionKey</c> parameter (only when it is a valid key, so
    /// no free text reaches the log), else the one its result names (a create, or a send to a peer's session).
    /// </summary>
    public static string? SessionKeyOf(MethodCall request, Outcome<object> outcome)
    {
        if (request.Params is { ValueKind: JsonValueKind.Object } p)
        {
            foreach (var name in (ReadOnlySpan<string>)["sessionKey", "key"])
            {
                if (p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { } key
                    && SessionNames.IsValidKey(key))
                {
                    return key;
                }
            }
        }

        return outcome.Value switch
        {
            ChatSendResult send => send.SessionKey,
            SessionsCreateResult created => created.Key,
            SessionEntryResult entry => entry.Entry.Key,
            SessionsActiveResult active => active.Entry.Key,
            _ => null,
        };
    }
}
