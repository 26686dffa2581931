using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Cairn.Protocol;
using Npgsql;

namespace Cairn.Replicas;

/// <summary>
/// The fleet's message bus on PostgreSQL LISTEN/NOTIFY, and the <see cref="IEventRelay"/> of the <see cref="EventHub"/>.
/// Sending: every event goes into one ordered queue, sent by one loop (consecutive small ones as one batch of
/// <c>pg_notify</c>s), so the other replicas see this replica's events in the order it published them; one too large for
/// a NOTIFY is stored in <c>cairn_event_payloads</c> and only its id is sent (rows older than a minute are deleted).
/// Receiving: one dedicated connection LISTENs; it reconnects with backoff after the database drops, and says so in the
/// log and in <see cref="ReplicaHealth"/>. A replica's own NOTIFYs come back to it and are skipped, so nothing is
/// delivered twice. Besides events the bus carries aborts (<see cref="SendAbortAsync"/>) to the replica that runs a session.
/// </summary>
public sealed class ReplicaBus(ReplicaDatabase db, ReplicaHealth health, ILogger<ReplicaBus> logger)
    : BackgroundService, IEventRelay
{
    public const string Channel = "cairn_bus";

    private const int QueueCapacity = 10_000;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PayloadLife = TimeSpan.FromMinutes(1);

    private readonly Channel<string> _outbox = System.Threading.Channels.Channel.CreateBounded<string>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly ConcurrentQueue<string> _received = new();
    private Action<GatewayEvent> _deliver = _ => { };
    private long _dropped;
    private long _lastCleanup;

    // Backoffs and the payload table's cleanup are about the network's time, not the gateway's clock (which tests move by hand).
    private static TimeProvider Time => TimeProvider.System;

    /// <summary>Called with (session key, run id or null) when another replica asks this one to stop a run.</summary>
    public Action<string, string?> AbortRequested { get; set; } = (_, _) => { };

    public string ReplicaId => db.ReplicaId;

    public void Attach(Action<GatewayEvent> deliverRemote) => _deliver = deliverRemote;

    public void Forward(GatewayEvent evt)
    {
        if (!_outbox.Writer.TryWrite(BusEnvelope.Event(db.ReplicaId, evt)))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Asks every replica to stop the session's run (the one running it does); sent before this returns.</summary>
    public async Task SendAbortAsync(string sessionKey, string? runId, CancellationToken ct)
    {
        await using var command = db.Source.CreateCommand("SELECT pg_notify(@c, @p)");
        command.Parameters.AddWithValue("c", Channel);
        command.Parameters.AddWithValue("p", BusEnvelope.Abort(db.ReplicaId, sessionKey, runId));
        await command.ExecuteNonQueryAsync(ct);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Task.Run(() => ListenAsync(stoppingToken), CancellationToken.None), Task.Run(() => SendAsync(stoppingToken), CancellationToken.None));

    private async Task ListenAsync(CancellationToken ct)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        var connectedBefore = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.Dedicated.OpenConnectionAsync(ct);
                connection.Notification += (_, e) => _received.Enqueue(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                health.ListenerUp(connectedBefore);
                connectedBefore = true;
                backoff = TimeSpan.FromMilliseconds(250);
                Log.Listening(logger, db.ReplicaId);
                while (true)
                {
                    await connection.WaitAsync(ct);
                    await DrainReceivedAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                health.ListenerDown(ex.Message);
                Log.ListenerFailed(logger, db.ReplicaId, (int)backoff.TotalMilliseconds, ex);
                await DelayAsync(backoff, ct);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private async Task DrainReceivedAsync(CancellationToken ct)
    {
        while (_received.TryDequeue(out var payload))
        {
            try
            {
                await DispatchAsync(payload, ct);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                Log.BadEnvelope(logger, db.ReplicaId, ex);
            }
        }
    }

    private async Task DispatchAsync(string payload, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(payload);
        var root = doc.RootElement;
        if (root.GetProperty("o").GetString() == db.ReplicaId)
        {
            return;
        }

        switch (root.GetProperty("t").GetString())
        {
            case "e" when root.TryGetProperty("ref", out var id):
                if (await FetchPayloadAsync(id.GetInt64(), ct) is { } stored)
                {
                    using var full = JsonDocument.Parse(stored);
                    Deliver(full.RootElement);
                }

                break;
            case "e":
                Deliver(root);
                break;
            case "a":
                AbortRequested(root.GetProperty("k").GetString()!, root.GetProperty("r").GetString());
                break;
        }
    }

    private void Deliver(JsonElement envelope)
    {
        if (BusEnvelope.ReadEvent(envelope) is { } evt)
        {
            _deliver(evt);
        }
    }

    private async Task<string?> FetchPayloadAsync(long id, CancellationToken ct)
    {
        await using var command = db.Source.CreateCommand("SELECT body FROM cairn_event_payloads WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(ct) as string;
    }

    private async Task SendAsync(CancellationToken ct)
    {
        var batch = new List<string>();
        var backoff = TimeSpan.FromMilliseconds(250);
        try
        {
            while (batch.Count > 0 || await _outbox.Reader.WaitToReadAsync(ct))
            {
                // A batch that failed is sent again first (with what came meanwhile), without waiting for a new event.
                while (batch.Count < 100 && _outbox.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                try
                {
                    await SendBatchAsync(batch, ct);
                    batch.Clear();
                    backoff = TimeSpan.FromMilliseconds(250);
                    if (Interlocked.Exchange(ref _dropped, 0) is > 0 and var dropped)
                    {
                        Log.EventsDropped(logger, db.ReplicaId, dropped);
                    }
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    // Whatever the failure (a dropped connection shows as several exception types), the loop must live on:
                    // the batch is kept and sent again, in order, once the database answers.
                    db.ForgetPooled();
                    Log.SendFailed(logger, db.ReplicaId, (int)backoff.TotalMilliseconds, ex);
                    await DelayAsync(backoff, ct);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task SendBatchAsync(List<string> envelopes, CancellationToken ct)
    {
        await using var connection = await db.Source.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var envelope in envelopes)
        {
            var notice = envelope;
            if (BusEnvelope.ByteCount(envelope) > BusEnvelope.MaxNotifyBytes)
            {
                // Stored first (outside the batch) so its row exists before any replica hears of it.
                notice = BusEnvelope.Reference(db.ReplicaId, await StorePayloadAsync(connection, envelope, ct));
            }

            var command = new NpgsqlBatchCommand("SELECT pg_notify(@c, @p)");
            command.Parameters.AddWithValue("c", Channel);
            command.Parameters.AddWithValue("p", notice);
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    private async Task<long> StorePayloadAsync(NpgsqlConnection connection, string envelope, CancellationToken ct)
    {
        var now = Time.GetTimestamp();
        if (Time.GetElapsedTime(Volatile.Read(ref _lastCleanup), now) > PayloadLife)
        {
            Volatile.Write(ref _lastCleanup, now);
            await using var cleanup = new NpgsqlCommand("DELETE FROM cairn_event_payloads WHERE created_at < now() - interval '1 minute'", connection);
            await cleanup.ExecuteNonQueryAsync(ct);
        }

        await using var insert = new NpgsqlCommand("INSERT INTO cairn_event_payloads (body) VALUES (@b) RETURNING id", connection);
        insert.Parameters.AddWithValue("b", envelope);
        return (long)(await insert.ExecuteScalarAsync(ct))!;
    }

    private static Task DelayAsync(TimeSpan delay, CancellationToken ct) => Task.Delay(delay, Time, ct);
}
