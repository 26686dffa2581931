using Cairn.Store;

namespace Cairn.Analytics;

/// <summary>The analytics feature: its store, the recorder of events outside store writes, and the service every surface calls.</summary>
public static class AnalyticsRegistration
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services) =>
        services.AddSingleton<AnalyticsStore>().AddSingleton<AnalyticsRecorder>().AddSingleton<AnalyticsService>();
}
