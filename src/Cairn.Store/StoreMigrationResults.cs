namespace Cairn.Store;

/// <summary>Rows copied so far into one table, reported after each batch.</summary>
public sealed record MigrationProgress(string Table, long Copied, long Total);

/// <summary>One table after a migration: rows in the source and in the target, and whether this run copied it (false: an earlier, interrupted run did).</summary>
public sealed record MigrationTableResult(string Table, long Source, long Target, bool CopiedNow)
{
    public bool Matches => Source == Target;
}

/// <summary>What <see cref="StoreMigrator.RunAsync"/> did: whether it continued an earlier run, and the counts per table.</summary>
public sealed record MigrationResult(string From, string To, bool Resumed, bool Emptied, IReadOnlyList<MigrationTableResult> Tables)
{
    public bool Verified => Tables.All(t => t.Matches);
}
