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

    // Time to first token in seconds: a local model answers in tens of milliseconds, a loaded remote one in tens of seconds.
    private static readonly double[] FirstTokenBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60];

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
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Counter<long> _tokens;
    private readonly Counter<long> _compactions;
    private readonly Counter<long> _limitRefusals;

    public CairnMetrics(IMeterFactory meterFactory, SessionCensus census, StoreIntegrityMonitor integrity)
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
            "Failed model requests of chat runs, by provider and reason (auth, rate_limited, context_overflow, timeout, unavailable, " +
            "bad_request, content_filter, provider_error).");
        _timeToFirstToken = meter.CreateHistogram("cairn.chat.time_to_first_token", "s",
            "Time from sending a chat run's model request to its first text delta, by provider.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FirstTokenBuckets });
        _tokens = meter.CreateCounter<long>("cairn.chat.tokens", "{token}",
            "Tokens of the chat replies that finished, by provider and direction (input: the prompt, output: the reply). " +
            "source=reported when the provider reported its usage, source=estimated when it did not (then the gateway's " +
            "own o200k count).");
        _compactions = meter.CreateCounter<long>("cairn.chat.compactions", "{compaction}",
            "Compactions of a conversation into a stored summary, by outcome (ok, failed: the model could not summarise) and trigger (auto, manual).");
        _storageErrors = meter.CreateCounter<long>("cairn.storage.errors", "{error}",
            "Store reads or writes that failed during a chat run, by operation (chat.context, chat.reply).");
        _limitRefusals = meter.CreateCounter<long>("cairn.limit.refusals", "{refusal}",
            "Requests and connections refused by a gateway-wide limit: http_rate (429), connections (503), websockets (close 1013).");
        meter.CreateObservableGauge("cairn.sessions", census.SessionsByKind, "{session}",
            "Sessions in the store, by kind (main, named, peer) and persistence.");
        meter.CreateObservableGauge("cairn.peers", census.Peers, "{peer}",
            "URL-less surfaces (cairn chat, API peers) with an active-session binding.");
        meter.CreateObservableGauge("cairn.store.integrity.ok", integrity.Measure, null,
            "1 when the start-up quick_check of the store found nothing wrong, 0 when it found damage; absent while it runs, when it was cut off or is off.");
        meter.CreateObservableGauge("cairn.sessions.per_peer", census.SessionsPerPeer, "{session}",
            "Main and named sessions divided by the number of bound peers (at least 1).");
    }

    public void SessionCreated() => _sessionsCreated.Add(1);

    public void SessionCreateFailed(ErrorCode code) => _createErrors.Add(1, new KeyValuePair<string, object?>("code", code.WireName()));

    public void SessionSwitched(string surface) => _sessionSwitches.Add(1, new KeyValuePair<string, object?>("surface", _surfaces.Normalize(surface)));

    public void ResetBlocked(string surface) => _resetsBlocked.Add(1, new KeyValuePair<string, object?>("surface", _surfaces.Normalize(surface)));

    public void ChatRunFinished(RunState status) => _chatRuns.Add(1, new KeyValuePair<string, object?>("status", status.WireName()));

    /// <summary>A failed model request of a chat run; <paramref name="reason"/> is one of <c>ProviderReasons.All</c>.</summary>
    public void ProviderError(string provider, string reason) =>
        _providerErrors.Add(1, new TagList { { "provider", provider }, { "reason", reason } });

    public void FirstToken(string provider, TimeSpan elapsed) =>
        _timeToFirstToken.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("provider", provider));

    /// <summary>One finished reply's tokens; a null count was not reported and is replaced by <paramref name="estimated"/>.</summary>
    public void Tokens(string provider, string direction, long? reported, long estimated) =>
        _tokens.Add(reported ?? estimated, new TagList
        {
            { "provider", provider }, { "direction", direction }, { "source", reported is null ? "estimated" : "reported" },
        });

    /// <summary>One compaction round, <c>ok</c> (a summary was stored) or <c>failed</c>; <paramref name="manual"/> when asked for (<c>sessions.compact</c>, <c>/compact</c>), else before a request.</summary>
    public void Compaction(bool ok, bool manual = false) => _compactions.Add(1,
        new KeyValuePair<string, object?>("outcome", ok ? "ok" : "failed"), new KeyValuePair<string, object?>("trigger", manual ? "manual" : "auto"));

    /// <summary>A read or write of the store that failed where no client request could carry the error (a chat run).</summary>
    public void StorageError(string operation) => _storageErrors.Add(1, new KeyValuePair<string, object?>("operation", operation));

    /// <summary>A request or connection refused by a limit: <c>http_rate</c>, <c>connections</c> or <c>websockets</c>.</summary>
    public void LimitRefused(string limit) => _limitRefusals.Add(1, new KeyValuePair<string, object?>("limit", limit));

    /// <summary>One method call; <paramref name="method"/> is "(unknown)" for names not in the table, so tags stay bounded.</summary>
    public void RequestCompleted(string method, string transport, string code, TimeSpan elapsed)
    {
        var tags = new TagList { { "method", method }, { "transport", transport }, { "code", code } };
        _requests.Add(1, tags);
        _requestDuration.Record(elapsed.TotalSeconds, new TagList { { "method", method } });
    }
}
