using Cairn.Protocol;

namespace Cairn.Commands;

/// <summary>
/// One chat command as declared in the registry: its name ("session new"), the usage line shown on wrong
/// usage and in <c>/help</c>, a one-line summary, whether it needs the named-sessions feature, and its handler.
/// </summary>
public sealed record CommandSpec(
    string Name,
    string Usage,
    string Summary,
    bool NeedsNamedSessions,
    Func<CommandCall, CancellationToken, Task<CommandReply>> Handler);

/// <summary>A command about to run: what was typed where, which command it is, and the text after its name.</summary>
public sealed record CommandCall(CommandInvocation Invocation, CommandSpec Spec, string Args)
{
    /// <summary>The session the command was typed in.</summary>
    public string SessionKey => Invocation.SessionKey;

    public CommandReply Reply(string text, CommandAction? action = null) => new(Spec.Name, text, action);

    public CommandReply Usage() => Reply($"Usage: {Spec.Usage}");
}
