using Cairn.Protocol;

namespace Cairn.Chat;

internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Run {RunId} in {SessionKey} ended {Status} after {Chunks} chunks")]
    public static partial void RunEnded(ILogger logger, string runId, string sessionKey, RunState status, int chunks);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Run {RunId} in {SessionKey}: the model provider failed")]
    public static partial void ProviderFailed(ILogger logger, string runId, string sessionKey, Exception exception);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Run {RunId} in {SessionKey}: the store failed ({Operation})")]
    public static partial void StoreFailed(ILogger logger, string runId, string sessionKey, string operation, Exception exception);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error, Message = "Run {RunId} in {SessionKey} failed with an unexpected error")]
    public static partial void RunFailed(ILogger logger, string runId, string sessionKey, Exception exception);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning,
        Message = "The model provider's context window is {Window} tokens, smaller than the {Configured} in use; planning with {Window} from now on (set model.contextWindow to match)")]
    public static partial void WindowLearned(ILogger logger, int window, int configured);

    [LoggerMessage(EventId = 130, Level = LogLevel.Warning, Message = "{Count} replies cut off by the gateway's last stop (crash or kill) are marked interrupted; their text so far is kept")]
    public static partial void RepliesInterrupted(ILogger logger, int count);

    [LoggerMessage(EventId = 131, Level = LogLevel.Warning, Message = "Could not mark the replies cut off by the gateway's last stop as interrupted")]
    public static partial void InterruptScanFailed(ILogger logger, Exception exception);
}
