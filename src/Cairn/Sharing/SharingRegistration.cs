using Cairn.Store;

namespace Cairn.Sharing;

/// <summary>The sharing feature: its store, the service every surface calls, the page's rate limit.</summary>
public static class SharingRegistration
{
    public static IServiceCollection AddSharing(this IServiceCollection services)
    {
        services.AddSingleton<ShareStore>();
        services.AddSingleton<ShareAddress>();
        services.AddSingleton<ShareService>();
        return services.AddSharePages();
    }
}
