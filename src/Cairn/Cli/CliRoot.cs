using System.CommandLine;
using Cairn.Hosting;

namespace Cairn.Cli;

/// <summary>The <c>cairn</c> command tree. Each feature adds its own subcommand here.</summary>
public static class CliRoot
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Cairn: a self-hosted AI-assistant gateway with named persistent sessions.");
        root.Subcommands.Add(GatewayCommand.Build());
        root.Subcommands.Add(SessionsCommand.Build());
        root.Subcommands.Add(ChatCommand.Build());
        root.Subcommands.Add(StatusCommand.Build());
        root.Subcommands.Add(ExportCommand.Build());
        root.Subcommands.Add(SearchCommand.Build());
        root.Subcommands.Add(StatsCommand.Build());
        root.Subcommands.Add(TemplatesCommand.Build());
        root.Subcommands.Add(DoctorCommand.Build());
        root.Subcommands.Add(StoreCommand.Build());
        var import = Import.ImportCommand.Build();
        foreach (var command in ImportFileCommands.Build())
        {
            import.Subcommands.Add(command);
        }

        root.Subcommands.Add(import);
        return root;
    }
}
