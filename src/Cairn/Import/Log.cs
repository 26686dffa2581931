namespace Cairn.Import;

internal static partial class Log
{
    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Imported {Count} sessions from {File} (backup: {Backup})")]
    public static partial void LegacyImported(ILogger logger, int count, string file, string? backup);

    [LoggerMessage(EventId = 502, Level = LogLevel.Error, Message = "{File}: {Problem}. The file is left in place and nothing in it is lost; see docs/migration.md")]
    public static partial void LegacyProblem(ILogger logger, string file, string problem);

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "{File} was imported only in part at an earlier start ({Problem}); repair the file to import the rest")]
    public static partial void LegacyPartEarlier(ILogger logger, string file, string? problem);

    [LoggerMessage(EventId = 504, Level = LogLevel.Information, Message = "{File} has changed since it was imported; it is imported only once, so the changes are ignored")]
    public static partial void LegacyChanged(ILogger logger, string file);

    [LoggerMessage(EventId = 505, Level = LogLevel.Error, Message = "Importing {File} failed unexpectedly; the gateway starts without it and the file is left in place")]
    public static partial void LegacyCrashed(ILogger logger, string file, Exception exception);

    [LoggerMessage(EventId = 506, Level = LogLevel.Debug, Message = "{File} was already imported")]
    public static partial void LegacyAlreadyImported(ILogger logger, string file);
}
