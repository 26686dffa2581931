using System.Data.Common;

namespace Cairn.Store;

/// <summary>What differs in how a database is opened, written and migrated; <see cref="CairnDatabase"/> is the one face of both.</summary>
internal interface IStoreEngine : IDisposable
{
    SqlDialect Dialect { get; }

    /// <summary>A connection of its own for one read; the caller disposes it.</summary>
    DbConnection OpenReader();

    /// <summary>A read-only transaction that sees one snapshot for all its statements.</summary>
    DbTransaction BeginSnapshot(DbConnection connection);

    /// <summary>Runs <paramref name="write"/> in one transaction committed before returning.</summary>
    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> write, CancellationToken ct);

    int SchemaVersion();

    void Migrate(int? target);
}
