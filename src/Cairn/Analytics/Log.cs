using Cairn.Store;

namespace Cairn.Analytics;

internal static partial class Log
{
    [LoggerMessage(EventId = 1800, Level = LogLevel.Warning, Message = "Could not count the analytics event {Counter}")]
    public static partial void CountFailed(ILogger logger, GatewayCounter counter, Exception exception);
}
