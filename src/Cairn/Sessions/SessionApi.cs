using Cairn.Protocol;
using Cairn.Templates;

namespace Cairn.Sessions;

/// <summary>The <c>sessions.*</c> methods: names onto <see cref="SessionService"/>.</summary>
public static class SessionApi
{
    public static MethodTable MapSessionMethods(this MethodTable methods) => methods
        .Add("sessions.list", "List sessions in use (or only the archived ones, or the trash), a keyset page at a time, with filters, search and sort.",
            static (SessionService sessions, SessionsListParams p) => sessions.List(p), SessionValidation.List)
        .Add("sessions.get", "Get one session by key.",
            static (SessionService sessions, SessionGetParams p) => sessions.Get(p.Key), SessionValidation.Get)
        .Add("sessions.resolve", "Find a session by key, exact label or unique prefix.",
            static (SessionService sessions, SessionsResolveParams p) => sessions.Resolve(p.Name), SessionValidation.Resolve)
        // Validated by the service, which counts every failed creation; the table reports the params it refuses. The
        // templates feature takes the call: it finds the template, and sends its first message once the session exists.
        .Add("sessions.create", "Create a named session (persistent by default), blank or from a template.",
            static (TemplateService templates, SessionsCreateParams p, Caller caller, CancellationToken ct) => templates.CreateSessionAsync(p, caller, ct),
            rejected: static (templates, error) => templates.CreateRejected(error))
        .Add("sessions.patch", "Rename, describe, tag, pin, or mark a session persistent; optional expectedRev.",
            static (SessionService sessions, SessionsPatchParams p, CancellationToken ct) => sessions.PatchAsync(p, ct), SessionValidation.Patch)
        .Add("sessions.reset", "Start a new conversation in a session; refused for persistent ones.",
            static (SessionService sessions, SessionKeyParams p, Caller caller, CancellationToken ct) => sessions.ResetAsync(p.Key, ResetCause.Request, caller, ct),
            SessionValidation.Key)
        .Add("sessions.undoReset", "Take back a reset: the previous conversation becomes current again; nothing is deleted.",
            static (SessionService sessions, SessionKeyParams p, CancellationToken ct) => sessions.UndoResetAsync(p.Key, ct), SessionValidation.Key)
        .Add("sessions.delete", "Move a session to the trash (restorable for session.trashDays); main is protected.",
            static (SessionService sessions, SessionKeyParams p, CancellationToken ct) => sessions.DeleteAsync(p.Key, ct), SessionValidation.Key)
        .Add("sessions.restore", "Take a session out of the trash, as it was: messages, key, URL and share links.",
            static (SessionService sessions, SessionKeyParams p, CancellationToken ct) => sessions.RestoreAsync(p.Key, ct), SessionValidation.Key)
        .Add("sessions.purge", "Remove a session in the trash for good, with every message; only sessions in the trash.",
            static (SessionService sessions, SessionKeyParams p, CancellationToken ct) => sessions.PurgeAsync(p.Key, ct), SessionValidation.Key)
        .Add("sessions.archive", "Archive a session: out of the default list and the switcher, kept whole; it takes no new messages.",
            static (SessionService sessions, SessionKeyParams p, CancellationToken ct) => sessions.ArchiveAsync(p.Key, ct), SessionValidation.Key)
        .Add("sessions.unarchive", "Bring an archived session back into the list; it takes messages again.",
            static (SessionService sessions, SessionKeyParams p, CancellationToken ct) => sessions.UnarchiveAsync(p.Key, ct), SessionValidation.Key)
        .Add("sessions.generations", "A session's conversations: the current one and those earlier resets closed, newest first.",
            static (SessionService sessions, SessionKeyParams p) => sessions.Generations(p.Key),
            SessionValidation.Key)
        .Add("tags.list", "Every tag of the sessions in use, with how many carry it (most used first).",
            static (SessionService sessions, NoParams _) => sessions.TagsList())
        .Add("sessions.fork", "Copy a session's current conversation, up to a message (fromSeq) or all of it, into a new session that records its origin.",
            static (SessionService sessions, SessionsForkParams p, CancellationToken ct) => sessions.ForkAsync(p, ct), ForkMergeValidation.Fork)
        .Add("sessions.merge", "Merge sessions' conversations into a new session (or into one), archiving the sources; preview: the outline only, nothing written.",
            static (SessionService sessions, SessionsMergeParams p, CancellationToken ct) => sessions.MergeAsync(p, ct), ForkMergeValidation.Merge)
        .Add("sessions.unmerge", "Take back the last merge into a session: its copies go, the sources it archived are unarchived.",
            static (SessionService sessions, SessionKeyParams p, CancellationToken ct) => sessions.UnmergeAsync(p.Key, ct), SessionValidation.Key)
        .Add("sessions.active", "The session a peer (a surface without a URL) is bound to; main if none.",
            static (SessionService sessions, SessionsActiveParams p) => sessions.Active(p.Peer), SessionValidation.Active);
}
