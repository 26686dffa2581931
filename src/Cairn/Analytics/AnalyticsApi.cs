using Cairn.Protocol;
using Cairn.Sessions;

namespace Cairn.Analytics;

/// <summary>The <c>analytics.*</c> methods: names onto <see cref="AnalyticsService"/>.</summary>
public static class AnalyticsApi
{
    public static MethodTable MapAnalyticsMethods(this MethodTable methods) => methods
        .Add("analytics.session", "A session's messages, tokens, estimated cost, compactions, resets, replies by state, median reply times and activity per UTC day.",
            static (AnalyticsService analytics, AnalyticsSessionParams p, CancellationToken ct) => analytics.SessionAsync(p, ct), static p => SessionRules.CheckKey(p.Key))
        .Add("analytics.overview", "The gateway per UTC day (sessions created, switches, blocked resets, creation errors, active sessions), sessions by kind and persistence, top sessions by tokens.",
            static (AnalyticsService analytics, AnalyticsOverviewParams p, CancellationToken ct) => analytics.OverviewAsync(p, ct));
}
