using Cairn.Protocol;

namespace Cairn.Commands;

/// <summary>
/// What <c>/compact</c> needs from the chat feature (which owns the conversation's context): the same call as
/// <c>sessions.compact</c>. A seam, so the command registry does not depend on chat, which depends on it.
/// </summary>
public interface ICompaction
{
    Task<Outcome<SessionsCompactResult>> CompactAsync(SessionsCompactParams p, CancellationToken ct);
}
