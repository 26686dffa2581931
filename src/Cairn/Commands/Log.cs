namespace Cairn.Commands;

internal static partial class Log
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Command /{Name} from {Surface} in session {SessionKey}")]
    public static partial void CommandRun(ILogger logger, string name, string surface, string sessionKey);
}
