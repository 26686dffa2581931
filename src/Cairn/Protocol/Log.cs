namespace Cairn.Protocol;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Transport} {Method} {SessionKey} -> {Outcome} in {ElapsedMs:0.0} ms")]
    public static partial void Request(ILogger logger, string transport, string method, string sessionKey, string outcome, double elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Transport} {Method} failed with an unexpected error")]
    public static partial void RequestFailed(ILogger logger, string transport, string method, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{Transport} {Method}: storage unavailable ({Reason}): {Problem}")]
    public static partial void StoreUnavailable(ILogger logger, string transport, string method, string reason, string problem);
}
