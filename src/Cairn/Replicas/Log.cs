namespace Cairn.Replicas;

internal static partial class Log
{
    [LoggerMessage(EventId = 950, Level = LogLevel.Information, Message = "Replica {ReplicaId}: listening for the fleet's events")]
    public static partial void Listening(ILogger logger, string replicaId);

    [LoggerMessage(EventId = 951, Level = LogLevel.Warning,
        Message = "Replica {ReplicaId}: the event connection to PostgreSQL failed; reconnecting in {DelayMs} ms (events of other replicas are missed meanwhile)")]
    public static partial void ListenerFailed(ILogger logger, string replicaId, int delayMs, Exception exception);

    [LoggerMessage(EventId = 952, Level = LogLevel.Warning, Message = "Replica {ReplicaId}: events could not be sent to the fleet; retrying in {DelayMs} ms")]
    public static partial void SendFailed(ILogger logger, string replicaId, int delayMs, Exception exception);

    [LoggerMessage(EventId = 953, Level = LogLevel.Warning, Message = "Replica {ReplicaId}: {Dropped} events for the fleet were dropped while PostgreSQL was unreachable")]
    public static partial void EventsDropped(ILogger logger, string replicaId, long dropped);

    [LoggerMessage(EventId = 954, Level = LogLevel.Warning, Message = "Replica {ReplicaId}: an event from another replica could not be read")]
    public static partial void BadEnvelope(ILogger logger, string replicaId, Exception exception);

    [LoggerMessage(EventId = 955, Level = LogLevel.Warning, Message = "Replica {ReplicaId}: the lock connection to PostgreSQL failed; {Lost} locks lost")]
    public static partial void LocksLost(ILogger logger, string replicaId, int lost, Exception exception);

    [LoggerMessage(EventId = 956, Level = LogLevel.Information, Message = "Replica {ReplicaId} is the fleet's leader (reset sweep, trash purge, orphaned runs)")]
    public static partial void BecameLeader(ILogger logger, string replicaId);

    [LoggerMessage(EventId = 957, Level = LogLevel.Warning, Message = "Replica {ReplicaId} is no longer the fleet's leader")]
    public static partial void LostLeadership(ILogger logger, string replicaId);

    [LoggerMessage(EventId = 958, Level = LogLevel.Warning, Message = "Run {RunId} in {SessionKey} lost its lease (the lock connection failed); stopping it")]
    public static partial void LeaseLost(ILogger logger, string runId, string sessionKey);

    [LoggerMessage(EventId = 959, Level = LogLevel.Warning, Message = "Run {RunId} in {SessionKey}: its replica stopped mid-reply; marked interrupted")]
    public static partial void RunOrphaned(ILogger logger, string runId, string sessionKey);

    [LoggerMessage(EventId = 960, Level = LogLevel.Warning, Message = "Replica {ReplicaId}: a fleet chore failed ({Chore})")]
    public static partial void ChoreFailed(ILogger logger, string replicaId, string chore, Exception exception);
}
