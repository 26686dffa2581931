using Cairn.Protocol;

namespace Cairn.Sessions;

/// <summary>The checks of <c>sessions.fork</c>, <c>sessions.merge</c> and <c>sessions.unmerge</c> parameters.</summary>
public static class ForkMergeValidation
{
    /// <summary>The most sessions one merge takes.</summary>
    public const int MaxSources = 20;

    public static MethodError? Fork(SessionsForkParams p) =>
        SessionRules.CheckKey(p.Key)
        ?? (p.FromSeq is < 1 ? MethodError.Invalid("fromSeq", "'fromSeq' must be the seq of a message (1 or more).") : null)
        ?? (p.Label is null ? null : SessionRules.CheckLabel(p.Label));

    /// <summary>
    /// Two to <see cref="MaxSources"/> distinct sources (one is enough with <c>into</c>: it moves that conversation into
    /// another session); <c>into</c> is not one of them.
    /// </summary>
    public static MethodError? Merge(SessionsMergeParams p)
    {
        if (p.Sources is null || p.Sources.Count < (p.Into is null ? 2 : 1) || p.Sources.Count > MaxSources)
        {
            return MethodError.Invalid("sources", p.Into is null
                ? $"A merge needs 2 to {MaxSources} sources (or 1 source with 'into')."
                : $"A merge into a session needs 1 to {MaxSources} sources.");
        }

        foreach (var key in p.Sources)
        {
            if (key is null || SessionRules.CheckKey(key) is not null)
            {
                return MethodError.Invalid("sources", $"'{key}' in 'sources' is not a valid session key.");
            }
        }

        if (p.Sources.Distinct(StringComparer.Ordinal).Count() != p.Sources.Count)
        {
            var twice = p.Sources.GroupBy(k => k, StringComparer.Ordinal).First(g => g.Count() > 1).Key;
            return MethodError.Invalid("sources", $"'{twice}' is in 'sources' more than once.");
        }

        if (p.Into is { } into && (SessionRules.CheckKey(into) is not null || p.Sources.Contains(into, StringComparer.Ordinal)))
        {
            return MethodError.Invalid("into", SessionRules.CheckKey(into) is null
                ? $"'{into}' cannot be both a source and the session merged into."
                : $"'into' is not a valid session key.");
        }

        return p.Label is null ? null
            : p.Into is not null ? MethodError.Invalid("label", "'label' names a new merged session; a merge 'into' a session keeps its name.")
            : SessionRules.CheckLabel(p.Label);
    }
}
