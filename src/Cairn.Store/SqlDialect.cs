using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Cairn.Store;

/// <summary>
/// The few pieces of SQL that differ between SQLite and PostgreSQL. Everything else the stores write is portable
/// (<c>ON CONFLICT</c>, <c>RETURNING</c>, <c>COALESCE</c>, <c>LIMIT</c>, <c>string_agg</c>, <c>@name</c> parameters), so
/// each store keeps one implementation and asks the dialect only for these. Full-text search differs more: see
/// <see cref="SearchStore"/> and <see cref="SessionStore"/>'s filters, which branch on <see cref="IsPostgres"/>.
/// </summary>
public sealed class SqlDialect
{
    public static readonly SqlDialect Sqlite = new(false);

    public static readonly SqlDialect Postgres = new(true);

    private SqlDialect(bool postgres) => IsPostgres = postgres;

    public bool IsPostgres { get; }

    /// <summary>"sqlite" or "postgres", as in the config's <c>store.provider</c>.</summary>
    public string Name => IsPostgres ? "postgres" : "sqlite";

    /// <summary>The larger of two values: SQLite's two-argument <c>MAX</c>, PostgreSQL's <c>GREATEST</c>.</summary>
    public string Greatest(string a, string b) => IsPostgres ? $"GREATEST({a}, {b})" : $"MAX({a}, {b})";

    /// <summary>
    /// A join whose left table drives: SQLite's <c>CROSS JOIN</c> (its planner keeps that order), PostgreSQL's plain
    /// <c>JOIN</c> (its planner picks the order from statistics; it has no CROSS JOIN … ON).
    /// </summary>
    public string JoinInThisOrder => IsPostgres ? "JOIN" : "CROSS JOIN";

    /// <summary>
    /// <paramref name="column"/> equals <paramref name="value"/> ignoring case: SQLite's <c>COLLATE NOCASE</c> (ASCII
    /// letters, through its NOCASE index), PostgreSQL's <c>lower()</c> on both sides (through an index on <c>lower(column)</c>).
    /// </summary>
    public string EqualsIgnoringCase(string column, string value) =>
        IsPostgres ? $"lower({column}) = lower({value})" : $"{column} = {value} COLLATE NOCASE";

    internal static SqlDialect Of(DbConnection connection) => connection is SqliteConnection ? Sqlite : Postgres;
}
