using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cairn.Protocol;

namespace Cairn.Observability;

/// <summary>
/// Every instrument of the gateway, on one <see cref="Meter"/> named <c>Cairn</c>; exported at <c>/metrics</c>
/// (docs/operations.md lists the Prometheus names). Features call the small methods below, never the
/// instruments, so names and tags stay in one place. The meter comes from the host's <see cref="IMeterFactory"/>,
/// so two gateways in one process (tests) keep separate instruments.
/// </summary>
public sealed class CairnMetrics
{
    public const string MeterName = "Cairn";

    // Request latency buckets in seconds: sub-millisecond store reads up to slow model calls.
    private static readonly double[] LatencyBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Surfaces _surfaces = new();
    private readonly Counter<long> _sessionsCreated;
    private readonly Counter<long> _sessionSwitches;
    private readonly Counter<long> _resetsBlocked;
    private readonly Counter<long> _createErrors;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _chatRuns;
    private readonly Counter<long> _providerErrors;
    private readonly Counter<long> _storageErrors;

    public CairnMetrics(IMeterFactory meterFactory, SessionCensus census)
    {
        var meter = meterFactory.Create(MeterName);
        _sessionsCreated = meter.CreateCounter<long>("cairn.sessions.created", "{session}",
            "Named sessions created (sessions.create and /session new).");
        _sessionSwitches = meter.CreateCounter<long>("cairn.session.switches", "{switch}",
            "Moves of a surface from one session to another; tag surface: web, cli, api or a client name.");
        _resetsBlocked = meter.CreateCounter<long>("cairn.session.resets.blocked", "{reset}",
            "Resets refused because the session is persistent (SESSION_PERSISTENT).");
        _createErrors = meter.CreateCounter<long>("cairn.session.create.errors", "{error}",
            "Failed session creations, by error code.");
        _requests = meter.CreateCounter<long>("cairn.requests", "{request}",
            "Method calls on /api and /ws, by method and outcome code.");
        _requestDuration = meter.CreateHistogram("cairn.request.duration", "s",
            "Time to answer a method call, by method.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _chatRuns = meter.CreateCounter<long>("cairn.chat.runs", "{run}",
            "Chat runs that finished, by status: final, error or aborted.");
        _providerErrors = meter.CreateCounter<long>("cairn.chat.provider.errors", "{error}",
            "Failures of the model provider, by provider.");
        _storageErrors = meter.CreateCounter<long>("cairn.storage.errors", "{error}",
            "Store reads or writes that failed during a chat run, by operation (chat.context, chat.reply).");
        meter.CreateObservableGauge("cairn.sessions", census.SessionsByKind, "{session}",
            "Sessions in the store, by kind (main, named, peer) and persistence.");
        meter.CreateObservableGauge("cairn.peers", census.Peers, "{peer}",
            "URL-less surfaces (cairn chat, API peers) with an active-session binding.");
        meter.CreateObservableGauge("cairn.sessions.per_peer", census.SessionsPerPeer, "{session}",
            "Main and named sessions divided by the number of bound peers (at least 1).");
    }

    public void SessionCreated() => _sessionsCreated.Add(1);

    public void SessionCreateFailed(ErrorCode code) => _createErrors.Add(1, new KeyValuePair<string, object?>("code", code.WireName()));

    public void SessionSwitched(string surface) => _sessionSwitches.Add(1, new KeyValuePair<string, object?>("surface", _surfaces.Normalize(surface)));

    public void ResetBlocked(string surface) => _resetsBlocked.Add(1, new KeyValuePair<string, object?>("surface", _surfaces.Normalize(surface)));

    public void ChatRunFinished(RunState status) => _chatRuns.Add(1, new KeyValuePair<string, object?>("status", status.WireName()));

    public void ProviderError(string provider) => _providerErrors.Add(1, new KeyValuePair<string, object?>("provider", provider));

    /// <summary>A read or write of the store that failed where no client request could carry the error (a chat run).</summary>
    public void StorageError(string operation) => _storageErrors.Add(1, new KeyValuePair<string, object?>("operation", operation));

    /// <summary>One method call; <paramref name="method"/> is "(unknown)" for names not in the table, so tags stay bounded.</summary>
    public void RequestCompleted(string method, string transport, string code, TimeSpan elapsed)
    {
        var tags = new TagList { { "method", method }, { "transport", transport }, { "code", code } };
        _requests.Add(1, tags);
        _requestDuration.Record(elapsed.TotalSeconds, new TagList { { "method", method } });
    }
}
