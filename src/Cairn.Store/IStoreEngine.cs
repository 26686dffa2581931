using System.Data.Common;

namespace Cairn.Store;

/// <summary>What differs in how a database is opened, written and migrated; <see cref="CairnDatabase"/> is the one face of both.</summary>
internal interface IStoreEngine : IDisposable
{
    SqlDialect Dialect { get; }

    /// <summary>Runs a read on a connection of its own.</summary>
    T Read<T>(Func<DbConnection, T> read);

    /// <summary>Runs a read in a read-only transaction that sees one snapshot for all its statements.</summary>
    T ReadSnapshot<T>(Func<DbConnection, DbTransaction, T> read);

    /// <summary>Runs <paramref name="write"/> in one transaction committed before returning.</summary>
    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> write, CancellationToken ct);

    int SchemaVersion();

    void Migrate(int? target);
}
