using Cairn.Store;

namespace Cairn.Search;

/// <summary>The search feature: its store and the service every surface calls.</summary>
public static class SearchRegistration
{
    public static IServiceCollection AddSearch(this IServiceCollection services) =>
        services.AddSingleton<SearchStore>().AddSingleton<SearchService>();
}
