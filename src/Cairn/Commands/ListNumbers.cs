using System.Collections.Concurrent;

namespace Cairn.Commands;

/// <summary>
/// The numbers of the last <c>/session list</c> each peer (or, without a peer, each surface) saw, so that
/// <c>/session switch 3</c> means the third line of that list even if the order has changed since.
/// Kept in memory only: after a restart, list again before switching by number.
/// </summary>
public sealed class ListNumbers
{
    // A bound on memory when many API clients pass made-up peers; forgetting only costs a re-list.
    private const int MaxScopes = 1000;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, string>> _byScope = new(StringComparer.Ordinal);

    public static string ScopeOf(CommandInvocation invocation) =>
        invocation.Peer is { } peer ? "peer:" + peer : "surface:" + invocation.Surface;

    /// <summary>Remembers one page; page 1 starts a fresh list, later pages add to it.</summary>
    public void Remember(string scope, int firstNumber, IReadOnlyList<string> keys, bool fresh)
    {
        if (_byScope.Count >= MaxScopes && !_byScope.ContainsKey(scope))
        {
            _byScope.Clear();
        }

        var numbers = fresh ? new ConcurrentDictionary<int, string>() : _byScope.GetOrAdd(scope, _ => new ConcurrentDictionary<int, string>());
        for (var i = 0; i < keys.Count; i++)
        {
            numbers[firstNumber + i] = keys[i];
        }

        _byScope[scope] = numbers;
    }

    public string? Lookup(string scope, int number) =>
        _byScope.TryGetValue(scope, out var numbers) && numbers.TryGetValue(number, out var key) ? key : null;

    public bool HasList(string scope) => _byScope.ContainsKey(scope);
}
