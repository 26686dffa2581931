namespace Cairn.Observability;

internal static partial class Log
{
    [LoggerMessage(EventId = 801, Level = LogLevel.Warning, Message = "Health check: the store is not reachable")]
    public static partial void StoreUnreachable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 802, Level = LogLevel.Information, Message = "Store quick check: ok in {Milliseconds:0} ms ({SizeMb} MiB)")]
    public static partial void QuickCheckOk(ILogger logger, double milliseconds, double sizeMb);

    [LoggerMessage(EventId = 803, Level = LogLevel.Error, Message = "Store quick check found damage ({Count} problems; the first: {First}). "
        + "/healthz is degraded. Run 'cairn doctor' for the full check and restore from a backup (docs/operations.md#restore)")]
    public static partial void QuickCheckDamaged(ILogger logger, int count, string first);

    [LoggerMessage(EventId = 804, Level = LogLevel.Warning, Message = "Store quick check stopped after {Seconds} s (store.quickCheckSeconds) before it "
        + "finished; the database is {SizeMb} MiB. Nothing is known about its integrity: run 'cairn doctor' (it may run beside the gateway)")]
    public static partial void QuickCheckCutOff(ILogger logger, double seconds, double sizeMb);

    [LoggerMessage(EventId = 805, Level = LogLevel.Information, Message = "Store quick check is off (store.quickCheckSeconds: 0)")]
    public static partial void QuickCheckOff(ILogger logger);
}
