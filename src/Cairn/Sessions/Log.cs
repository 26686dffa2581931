namespace Cairn.Sessions;

internal static partial class Log
{
    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Reset policy reset {SessionKey}")]
    public static partial void PolicyReset(ILogger logger, string sessionKey);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "The reset sweep failed; it will try again")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Purged {SessionKey} from the trash after {Days} days (session.trashDays)")]
    public static partial void TrashPurged(ILogger logger, string sessionKey, int days);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Could not read {SessionKey} to announce its new counters; lists catch up with its next change")]
    public static partial void TouchFailed(ILogger logger, string sessionKey, Exception exception);
}
