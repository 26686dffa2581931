using System.Collections.Concurrent;

namespace Cairn.Bench;

/// <summary>
/// Which sessions the workload touches. Against a seeded data dir: any seeded session, picked at random.
/// Against someone's gateway (<c>--url</c>): only sessions the benchmark created itself, so it never
/// patches, resets or deletes a real one.
/// </summary>
internal sealed class Targets(int seeded)
{
    private readonly ConcurrentQueue<string> _createdForDelete = new();
    private readonly List<(string Key, string Label)> _created = [];

    public int Seeded => seeded;

    public void Created(string key, string label)
    {
        _createdForDelete.Enqueue(key);
        lock (_created)
        {
            _created.Add((key, label));
        }
    }

    public int CreatedCount => _createdForDelete.Count;

    public bool TryTakeForDelete(out string key)
    {
        if (!_createdForDelete.TryDequeue(out key!))
        {
            return false;
        }

        var taken = key;
        lock (_created)
        {
            _created.RemoveAll(c => c.Key == taken);
        }

        return true;
    }

    public string PatchKey() => seeded > 0 ? SeedData.Key(Random.Shared.Next(seeded)) : Pick().Key;

    public string ResetKey() => seeded > 0 ? SeedData.Key(SeedData.Temporary(Random.Shared, seeded)) : Pick().Key;

    public string ResolveName() => seeded > 0 ? SeedData.Label(Random.Shared.Next(seeded)) : Pick().Label;

    private (string Key, string Label) Pick()
    {
        lock (_created)
        {
            if (_created.Count == 0)
            {
                throw new BenchFailure("no sessions to target: the create measurement made none");
            }

            return _created[Random.Shared.Next(_created.Count)];
        }
    }
}
