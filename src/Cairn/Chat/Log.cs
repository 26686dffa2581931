using Cairn.Protocol;

namespace Cairn.Chat;

internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Run {RunId} in {SessionKey} ended {Status} after {Chunks} chunks")]
    public static partial void RunEnded(ILogger logger, string runId, string sessionKey, RunState status, int chunks);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Run {RunId} in {SessionKey}: the model provider failed")]
    public static partial void ProviderFailed(ILogger logger, string runId, string sessionKey, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Reset policy reset {SessionKey}")]
    public static partial void PolicyReset(ILogger logger, string sessionKey);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "The reset sweep failed; it will try again")]
    public static partial void SweepFailed(ILogger logger, Exception exception);
}
