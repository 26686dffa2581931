using Cairn.Protocol;
using Cairn.Sessions;

namespace Cairn.Search;

/// <summary>The search method: a name onto <see cref="SearchService"/>.</summary>
public static class SearchApi
{
    public static MethodTable MapSearchMethods(this MethodTable methods) => methods
        .Add("search.query", "Search sessions and the messages of every conversation: words, \"phrases\", prefix*, -exclusions, in:<session>.",
            static (SearchService search, SearchQueryParams p) => search.Query(p), Validate);

    public static MethodError? Validate(SearchQueryParams p) =>
        string.IsNullOrWhiteSpace(p.Query) ? MethodError.Invalid("query", "'query' must have something to look for.")
        : p.Query.Contains('\0', StringComparison.Ordinal) ? MethodError.Invalid("query", "'query' must not contain a NUL character.")
        : p.Limit is < 1 or > SearchService.MaxLimit ? MethodError.Invalid("limit", $"'limit' must be from 1 to {SearchService.MaxLimit}.")
        : p.SessionKey is { } key ? SessionRules.CheckKey(key)
        : null;
}
