namespace Cairn.OpenAi;

internal static partial class Log
{
    [LoggerMessage(EventId = 900, Level = LogLevel.Information,
        Message = "openai {Method} {SessionKey} {Mode} -> {Outcome} in {ElapsedMs:0.0} ms")]
    public static partial void Request(ILogger logger, string method, string sessionKey, string mode, string outcome, double elapsedMs);
}
