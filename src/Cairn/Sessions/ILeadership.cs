namespace Cairn.Sessions;

/// <summary>
/// Whether this gateway does the fleet's once-only chores (the reset sweep, the trash purge). A gateway alone on its
/// store always does (<see cref="SoleLeader"/>); replicas on PostgreSQL elect one by an advisory lock
/// (<c>Replicas.PostgresLeadership</c>).
/// </summary>
public interface ILeadership
{
    bool IsLeader { get; }
}

/// <summary>The leadership of a gateway alone on its store.</summary>
public sealed class SoleLeader : ILeadership
{
    public bool IsLeader => true;
}
