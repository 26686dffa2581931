namespace Cairn.Hosting;

internal static partial class Log
{
    [LoggerMessage(EventId = 10, Level = LogLevel.Information,
        Message = "Cairn {Version} gateway listening on {Address} (data {DataDir}, model provider {Provider})")]
    public static partial void Listening(ILogger logger, string version, string address, string dataDir, string provider);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Stopping")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning,
        Message = "Data dir files were readable by other users; made {Count} private (folders 0700, files 0600): {Paths}")]
    public static partial void MadePrivate(ILogger logger, int count, string paths);
}
