using Cairn.Protocol;

namespace Cairn.Sessions;

/// <summary>
/// Tags and pins beyond <c>sessions.patch</c>: the counts of <c>tags.list</c>, and adding or removing one tag (what
/// <c>/session tag</c> and <c>cairn sessions tag</c> do) as a compare-and-swap on the session's rev, so two surfaces
/// tagging at once both land.
/// </summary>
public sealed partial class SessionService
{
    private const int TagAttempts = 3;

    /// <summary>Every tag of the sessions in use with its count, most used first (archived and trashed sessions are not counted).</summary>
    public Outcome<TagsListResult> TagsList() => new TagsListResult(store.TagCounts().Select(t => new TagInfo(t.Tag, t.Count)).ToList());

    /// <summary>Adds or removes one tag; adding one the session has, or removing one it lacks, changes nothing and is not an error.</summary>
    public async Task<Outcome<SessionEntryResult>> TagAsync(string key, string tag, bool add, CancellationToken ct)
    {
        if (TagRules.Normalize(tag) is not { } normal)
        {
            return TagRules.Invalid(tag, "tag");
        }

        for (var attempt = 1; ; attempt++)
        {
            if (store.Get(key) is not { } current)
            {
                return SessionRules.CheckKey(key) ?? NotFound(key);
            }

            var tags = add ? current.Tags.Append(normal).ToList() : current.Tags.Where(t => t != normal).ToList();
            if (tags.Count == current.Tags.Count && current.Tags.Contains(normal) == add)
            {
                return new SessionEntryResult(current);
            }

            var result = await PatchAsync(new SessionsPatchParams(key, ExpectedRev: current.Rev, Tags: tags), ct);
            var lostRace = result.Error is { Code: ErrorCode.Conflict, Details: { } details } && Equals(details.GetValueOrDefault("field"), "expectedRev");
            if (!lostRace || attempt == TagAttempts)
            {
                return result;
            }
        }
    }

    public Task<Outcome<SessionEntryResult>> PinAsync(string key, bool pinned, CancellationToken ct) =>
        PatchAsync(new SessionsPatchParams(key, Pinned: pinned), ct);
}
