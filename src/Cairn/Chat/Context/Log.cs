namespace Cairn.Chat.Context;

/// <summary>The context budget's log messages (event ids 140–149). Never logs message text.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 140, Level = LogLevel.Information, Message = "Compacted messages {From}–{To} ({Rows} rows) into a summary")]
    public static partial void Compacted(ILogger logger, long from, long to, int rows);

    [LoggerMessage(EventId = 141, Level = LogLevel.Warning, Message = "Compaction of messages {From}–{To} failed ({Reason})")]
    public static partial void CompactionFailed(ILogger logger, long from, long to, string reason);
}
