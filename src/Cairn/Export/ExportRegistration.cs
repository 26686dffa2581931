namespace Cairn.Export;

/// <summary>The export feature: the service every surface calls.</summary>
public static class ExportRegistration
{
    public static IServiceCollection AddExport(this IServiceCollection services) => services.AddSingleton<ExportService>();
}
