using System.Diagnostics.Metrics;
using System.Globalization;
using Cairn.Store;
using System.Data.Common;

namespace Cairn.Observability;

/// <summary>
/// The store-backed gauges: read at scrape time, so they are always exact and cost nothing between scrapes.
/// A failing read yields no measurement (the series disappears for that scrape) rather than a broken scrape.
/// </summary>
public sealed class SessionCensus(CairnDatabase db, PeerBindingStore peers)
{
    private static readonly string[] Kinds = ["main", "named", "peer"];
    private static readonly bool[] Persistence = [true, false];

    public IEnumerable<Measurement<long>> SessionsByKind()
    {
        Dictionary<(string Kind, bool Persistent), long> counts;
        try
        {
            counts = db.Read(CountByKind);
        }
        catch (Exception ex) when (ex is DbException or StoreUnavailableException or ObjectDisposedException or InvalidOperationException)
        {
            return [];
        }

        // Every combination is reported, zeros included, so a series never vanishes when its last session goes.
        return from kind in Kinds
               from persistent in Persistence
               select new Measurement<long>(counts.GetValueOrDefault((kind, persistent)),
                   new KeyValuePair<string, object?>("kind", kind),
                   new KeyValuePair<string, object?>("persistent", persistent ? "true" : "false"));
    }

    public IEnumerable<Measurement<long>> Peers()
    {
        try
        {
            return [new Measurement<long>(peers.Count())];
        }
        catch (Exception ex) when (ex is DbException or StoreUnavailableException or ObjectDisposedException or InvalidOperationException)
        {
            return [];
        }
    }

    /// <summary>
    /// The seed plan's "average sessions per user": Cairn is single-user, so its users are the surfaces that keep
    /// a binding (peers); with none bound yet there is one (the web UI).
    /// </summary>
    public IEnumerable<Measurement<double>> SessionsPerPeer()
    {
        try
        {
            var counts = db.Read(CountByKind);
            var sessions = counts.Where(c => c.Key.Kind != "peer").Sum(c => c.Value);
            return [new Measurement<double>((double)sessions / Math.Max(1, peers.Count()))];
        }
        catch (Exception ex) when (ex is DbException or StoreUnavailableException or ObjectDisposedException or InvalidOperationException)
        {
            return [];
        }
    }

    private static Dictionary<(string Kind, bool Persistent), long> CountByKind(DbConnection c)
    {
        using var command = c.CreateCommand();
        command.CommandText = "SELECT lower(kind), persistent, COUNT(*) FROM sessions WHERE trashed_at IS NULL GROUP BY lower(kind), persistent";
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<(string, bool), long>();
        while (reader.Read())
        {
            counts[(reader.GetString(0), reader.GetInt64(1) != 0)] = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
        }

        return counts;
    }
}
