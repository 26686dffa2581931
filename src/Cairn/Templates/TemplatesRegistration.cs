using Cairn.Store;

namespace Cairn.Templates;

/// <summary>The templates feature: its store and its service.</summary>
public static class TemplatesRegistration
{
    public static IServiceCollection AddTemplates(this IServiceCollection services)
    {
        services.AddSingleton<TemplateStore>();
        services.AddSingleton<TemplateService>();
        return services;
    }
}
