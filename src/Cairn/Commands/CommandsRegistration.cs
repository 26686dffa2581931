namespace Cairn.Commands;

/// <summary>The slash-command registry, which chat asks before the model sees a message.</summary>
public static class CommandsRegistration
{
    public static IServiceCollection AddCommands(this IServiceCollection services)
    {
        services.AddSingleton<SlashCommands>();
        services.AddSingleton<ISlashCommands>(sp => sp.GetRequiredService<SlashCommands>());
        return services;
    }
}
