using Cairn.Protocol;

namespace Cairn.Commands;

/// <summary>The <c>commands.*</c> methods: names onto the command registry.</summary>
public static class CommandApi
{
    public static MethodTable MapCommandMethods(this MethodTable methods) => methods
        .Add("commands.list", "The chat commands (/help, /session …): name, usage and summary.",
            static (SlashCommands commands, NoParams _) => commands.List());
}
