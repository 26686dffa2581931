namespace Cairn.Templates;

internal static partial class Log
{
    [LoggerMessage(EventId = 170, Level = LogLevel.Warning,
        Message = "Session {SessionKey} was created from template {Template}, but its first message was not sent: {Code} {Reason}")]
    public static partial void FirstMessageFailed(ILogger logger, string sessionKey, string template, string code, string reason);
}
