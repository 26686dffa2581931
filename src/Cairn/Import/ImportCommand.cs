using System.CommandLine;
using Cairn.Gateway;

namespace Cairn.Import;

/// <summary><c>cairn import openclaw &lt;dir&gt;</c>: moves an OpenClaw agent's sessions and transcripts into Cairn.</summary>
public static class ImportCommand
{
    public static Command Build()
    {
        var dir = new Argument<string>("dir") { Description = "The OpenClaw agent's sessions folder, e.g. ~/.openclaw/agents/main/sessions (or the agent folder)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "The Cairn data dir to import into (default $CAIRN_HOME or ~/.cairn)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be imported, and change nothing." };

        var openclaw = new Command("openclaw",
            "Import an OpenClaw agent's sessions (sessions.json and the .jsonl transcripts) into Cairn sessions. " +
            "The gateway must be stopped; running it again adds only what is new.") { dir, dataDir, dryRun };
        openclaw.SetAction((result, ct) => RunAsync(result.GetValue(dir)!, result.GetValue(dataDir), result.GetValue(dryRun), ct));

        return new Command("import", "Import sessions from another assistant's store (OpenClaw), ChatGPT's export, or Cairn's own export.") { openclaw };
    }

    private static async Task<int> RunAsync(string dir, string? dataDirOption, bool dryRun, CancellationToken ct)
    {
        var dataDir = DataDir.Resolve(dataDirOption);
        OpenClawResult result;
        try
        {
            result = await OpenClawImport.RunAsync(ExpandHome(dir), dataDir, dryRun, TimeProvider.System, ct);
        }
        catch (ImportRefusedException ex)
        {
            await Console.Error.WriteLineAsync($"cairn: {ex.Message}");
            return ex.ExitCode;
        }

        ImportSummary.Write(Console.Out, result, dataDir);
        foreach (var problem in result.Source.Problems)
        {
            await Console.Error.WriteLineAsync($"cairn: {result.Source.SessionsDir}/{problem}");
        }

        return result.Source.Problems.Count == 0 ? 0 : OpenClawImport.ExitBadInput;
    }

    private static string ExpandHome(string path) =>
        path.StartsWith('~') ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..] : path;
}
