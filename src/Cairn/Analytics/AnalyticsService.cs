using Cairn.Chat.Models;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;

namespace Cairn.Analytics;

/// <summary>
/// The analytics feature, for every surface (<c>analytics.*</c>, <c>cairn stats</c>, the UI's insights): reads the
/// aggregate rows that the store keeps in the transactions of the events they count, never the messages. Days are
/// UTC dates. The estimated cost is the range's tokens at the price per million of the session's model as it is
/// configured now (<c>pricePerMillion</c>); null when that model has no price.
/// </summary>
public sealed class AnalyticsService(AnalyticsStore store, AnalyticsRecorder recorder, SessionService sessions, ModelCatalog models, TimeProvider time)
{
    public const int TopSessions = 10;

    public async Task<Outcome<AnalyticsSessionResult>> SessionAsync(AnalyticsSessionParams p, CancellationToken ct)
    {
        var range = AnalyticsRange.Parse(p.From, p.To, time.GetUtcNow());
        if (range.Error is { } invalid)
        {
            return invalid;
        }

        if (sessions.Find(p.Key) is not { } entry)
        {
            return sessions.NotFound(p.Key);
        }

        await recorder.FlushAsync().WaitAsync(ct);
        var (from, to) = (range.Value!.FromText, range.Value.ToText);
        var rows = store.SessionDays(entry.Key, from, to).ToDictionary(r => r.Day);
        var (firstToken, total) = store.Medians(entry.Key, from, to);
        var model = models.For(entry.Model).Model;
        var sum = rows.Values;
        long input = sum.Sum(r => r.InputTokens), output = sum.Sum(r => r.OutputTokens);
        var days = range.Value.Days().Select(day => rows.TryGetValue(day, out var r)
            ? new AnalyticsSessionDay(day, r.Messages, r.InputTokens, r.OutputTokens, r.RepliesFinal + r.RepliesError + r.RepliesAborted)
            : new AnalyticsSessionDay(day, 0, 0, 0, 0)).ToList();
        return new AnalyticsSessionResult(entry.Key, entry.Label, from, to, model.Name, sum.Sum(r => r.Messages), input, output,
            Cost(model.Entry.PricePerMillion, input, output), sum.Sum(r => r.Compactions), sum.Sum(r => r.Resets),
            new AnalyticsReplies(sum.Sum(r => r.RepliesFinal), sum.Sum(r => r.RepliesError), sum.Sum(r => r.RepliesAborted)),
            firstToken, total, days);
    }

    public async Task<Outcome<AnalyticsOverviewResult>> OverviewAsync(AnalyticsOverviewParams p, CancellationToken ct)
    {
        var range = AnalyticsRange.Parse(p.From, p.To, time.GetUtcNow());
        if (range.Error is { } invalid)
        {
            return invalid;
        }

        await recorder.FlushAsync().WaitAsync(ct);
        var (from, to) = (range.Value!.FromText, range.Value.ToText);
        var rows = store.GatewayDays(from, to).ToDictionary(r => r.Day);
        var days = range.Value.Days().Select(day => rows.TryGetValue(day, out var r)
            ? new AnalyticsOverviewDay(day, r.SessionsCreated, r.Switches, r.ResetsBlocked, r.CreateErrors, r.ActiveSessions)
            : new AnalyticsOverviewDay(day, 0, 0, 0, 0, 0)).ToList();
        var groups = store.SessionGroups();
        var byKind = groups.GroupBy(g => g.Kind).Select(g => new AnalyticsKindCount(g.Key, g.Sum(x => x.Count))).ToList();
        var byPersistence = new List<AnalyticsPersistenceCount>
        {
            new("persistent", groups.Where(g => g.Persistent).Sum(g => g.Count)),
            new("temporary", groups.Where(g => !g.Persistent).Sum(g => g.Count)),
        };
        var top = store.TopByTokens(from, to, TopSessions)
            .Select(t => new AnalyticsTopSession(t.Key, t.Label, t.InputTokens, t.OutputTokens, t.InputTokens + t.OutputTokens)).ToList();
        return new AnalyticsOverviewResult(from, to, days.Sum(d => d.SessionsCreated), days.Sum(d => d.Switches), days.Sum(d => d.ResetsBlocked),
            days.Sum(d => d.CreateErrors), days, byKind, byPersistence, top, sessions.TagsList().Value!.Tags);
    }

    /// <summary>Tokens at a price per million, to a millionth of the currency unit.</summary>
    public static decimal? Cost(Config.ModelPrice? price, long input, long output) => price is null ? null
        : Math.Round((input * price.Input + output * price.Output) / 1_000_000m, 6, MidpointRounding.AwayFromZero);
}
