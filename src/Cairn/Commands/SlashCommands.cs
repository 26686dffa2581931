using System.Text;
using Cairn.Config;
using Cairn.Protocol;
using Cairn.Search;
using Cairn.Sessions;
using Cairn.Sharing;
using Cairn.Templates;

namespace Cairn.Commands;

/// <summary>
/// The chat-command registry: the one list below declares each command's name, usage, summary and handler;
/// <c>/help</c> and <c>commands.list</c> are generated from it. <c>chat.send</c> calls <see cref="IsCommand"/>
/// and <see cref="RunAsync"/> before the model sees a message. With <c>session.namedSessionsEnabled</c> off the
/// <c>/session</c> commands answer that the feature is disabled and are left out of the lists.
/// </summary>
public sealed class SlashCommands : ISlashCommands
{
    private const string SessionWord = "session";
    private readonly IReadOnlyList<CommandSpec> _specs;
    private readonly CairnConfig _config;
    private readonly ILogger<SlashCommands> _logger;

    public SlashCommands(SessionService service, ICompaction compaction, ShareService shareService, SearchService searchService, TemplateService templateService,
        CairnConfig config, ILogger<SlashCommands> logger)
    {
        _config = config;
        _logger = logger;
        var sessions = new SessionCommands(service, templateService, config, new ListNumbers());
        var templates = new TemplateCommands(templateService);
        var resets = new ResetCommands(service, config);
        var compact = new CompactCommand(compaction);
        var shares = new ShareCommands(shareService);
        var history = new HistoryCommands(service);
        var search = new SearchCommand(searchService);
        var export = new SessionExportCommand(service);
        var model = new ModelCommand(service, config);
        _specs =
        [
            new("help", "/help", "List the chat commands.", false, HelpAsync),
            new("new", "/new", "Start a new conversation in this session (not in a persistent one).", false, resets.NewAsync),
            new("reset", "/reset", "Clear this session's conversation, like /new (not in a persistent one).", false, resets.ResetAsync),
            new("undo-reset", "/undo-reset", "Go back to the conversation before the last reset (nothing is deleted).", false, resets.UndoAsync),
            new("search", "/search <text>", "Search every session's messages: words, \"a phrase\", prefix*, -word, in:<session>.", false, (call, _) => Task.FromResult(search.Run(call))),
            new("compact", "/compact [focus]", "Summarise the conversation so far (all but the last exchange); nothing is deleted.", false, compact.RunAsync),
            new("model", "/model [name|default]", "List the models (this session's marked), pick one for this session, or go back to the default.", false, model.RunAsync),
            new("session new", "/session new <name> [--template <t>]", "Create a named session (persistent, or as the template says) and switch to it.", true, sessions.NewAsync),
            new("session list", "/session list [page]", "List sessions, numbered; the current one is marked.", true, (call, _) => Task.FromResult(sessions.List(call))),
            new("session switch", "/session switch <name|key|number>", "Switch by name, key, unique prefix or number from the last list.", true, sessions.SwitchAsync),
            new("session rename", "/session rename <name>", "Rename this session; its key stays the same.", true, sessions.RenameAsync),
            new("session delete", "/session delete [name]", "Move a session (default: this one) to the trash; never main.", true, sessions.DeleteAsync),
            new("session restore", "/session restore [name]", "Take a session out of the trash; without a name, list the trash.", true, sessions.RestoreAsync),
            new("session archive", "/session archive [name]", "Archive a session (default: this one): out of the list, kept whole; never main.", true, sessions.ArchiveAsync),
            new("session unarchive", "/session unarchive [name]", "Bring an archived session back; without a name, list the archived ones.", true, sessions.UnarchiveAsync),
            new("session fork", "/session fork [name]", "Copy this conversation into a new session (the original stays) and switch to it.", true, sessions.ForkAsync),
            new("session merge", "/session merge <a> <b> [--into x] [--sequential] [--preview]", "Merge sessions into a new one (or into x), archiving them.", true, sessions.MergeAsync),
            new("session unmerge", "/session unmerge [name]", "Take back the last merge into a session (default: this one).", true, sessions.UnmergeAsync),
            new("session persist", "/session persist on|off", "Protect this session from /new, /reset and the reset policy, or stop.", true, sessions.PersistAsync),
            new("session tag", "/session tag [add|remove <tag>]", "List this session's tags, or add or remove one.", true, sessions.TagAsync),
            new("session pin", "/session pin", "Pin this session: pinned sessions come first in the list, switcher and sidebar.", true, sessions.PinAsync),
            new("session unpin", "/session unpin", "Unpin this session.", true, sessions.UnpinAsync),
            new("session share", "/session share [live] [days]", "Make a read-only link to this conversation (a snapshot, or live; 30 days).", true, shares.ShareAsync),
            new("session unshare", "/session unshare <token|link>", "Revoke a share link.", true, shares.UnshareAsync),
            new("session info", "/session info", "Show this session's name, key, persistence, counts and context use.", true, (call, _) => Task.FromResult(sessions.Info(call))),
            new("session history", "/session history [number]", "List this session's earlier conversations (kept by resets), or read one.", true, (call, _) => Task.FromResult(history.History(call))),
            new("session export", "/session export [name] [md|json]", "Say how to download a session (default: this one) as Markdown or JSON.", true, (call, _) => Task.FromResult(export.Export(call))),
            new("session templates", "/session templates [name]", "List the session templates, or show one.", true, (call, _) => Task.FromResult(templates.Show(call))),
        ];
    }

    /// <summary>The commands available on this gateway, in the order <c>/help</c> shows them.</summary>
    public IReadOnlyList<CommandInfo> Available =>
        [.. _specs.Where(s => !s.NeedsNamedSessions || _config.Session.NamedSessionsEnabled).Select(s => new CommandInfo(s.Name, s.Usage, s.Summary))];

    /// <summary>True for <c>/word</c> at the start of a message; see <see cref="CommandText"/> for what is not.</summary>
    public bool IsCommand(string text) => CommandText.Parse(text) is not null;

    public async Task<CommandReply> RunAsync(CommandInvocation invocation, CancellationToken ct)
    {
        if (CommandText.Parse(invocation.Text) is not { } parsed)
        {
            return new CommandReply("unknown", "That is not a command. Try /help.");
        }

        var (word, rest) = parsed;
        CommandSpec? spec;
        var args = rest;
        if (word == SessionWord)
        {
            if (!_config.Session.NamedSessionsEnabled)
            {
                return new CommandReply(SessionWord, SessionRules.Disabled().Message);
            }

            (var sub, args) = CommandText.SplitFirst(rest);
            spec = Find($"{SessionWord} {sub.ToLowerInvariant()}");
            if (spec is null)
            {
                var opening = sub.Length == 0 ? "" : $"Unknown command /session {sub}. ";
                return new CommandReply(SessionWord, $"{opening}The /session commands:\n{Table(_specs.Where(s => s.Name.StartsWith(SessionWord + " ", StringComparison.Ordinal)))}");
            }
        }
        else if ((spec = Find(word)) is null)
        {
            return new CommandReply("unknown", $"Unknown command /{word}. Try /help.");
        }

        Log.CommandRun(_logger, spec.Name, invocation.Surface, invocation.SessionKey);
        return await spec.Handler(new CommandCall(invocation, spec, args), ct);
    }

    /// <summary>The <c>commands.list</c> method.</summary>
    public Outcome<CommandsListResult> List() => new CommandsListResult(Available);

    private CommandSpec? Find(string name) => _specs.FirstOrDefault(s => s.Name == name);

    private Task<CommandReply> HelpAsync(CommandCall call, CancellationToken ct)
    {
        var visible = _specs.Where(s => !s.NeedsNamedSessions || _config.Session.NamedSessionsEnabled);
        var text = new StringBuilder("Commands:\n").Append(Table(visible));
        if (!_config.Session.NamedSessionsEnabled)
        {
            text.Append("\nNamed sessions (/session …) are turned off on this gateway.");
        }

        return Task.FromResult(call.Reply(text.ToString()));
    }

    private static string Table(IEnumerable<CommandSpec> specs)
    {
        var list = specs.ToList();
        var width = list.Max(s => s.Usage.Length);
        return string.Join('\n', list.Select(s => $"  {s.Usage.PadRight(width)}  {s.Summary}"));
    }
}
