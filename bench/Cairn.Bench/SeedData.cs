using System.Globalization;

namespace Cairn.Bench;

/// <summary>
/// The seeded sessions as a pure function of their number, so the workload can pick any of them (by key or
/// label) without reading them back. Labels are "Adjective Noun i"; each noun is in 1% of the labels.
/// </summary>
internal static class SeedData
{
    public const string SearchTerm = "harbor";

    private static readonly string[] Adjectives =
    [
        "Amber", "Brisk", "Calm", "Dusty", "Eager", "Faint", "Gentle", "Hollow", "Icy", "Jolly",
        "Keen", "Lively", "Mellow", "Nimble", "Olive", "Plain", "Quiet", "Rapid", "Silver", "Tidy",
        "Urban", "Vivid", "Warm", "Young", "Zesty", "Bold", "Crisp", "Deep", "Early", "Fresh",
        "Grand", "Hardy", "Inner", "Jade", "Kind", "Lunar", "Misty", "Noble", "Opal", "Proud",
        "Rustic", "Sunny", "Tall", "Upper", "Velvet", "Wild", "Azure", "Bright", "Coral", "Dawn",
    ];

    private static readonly string[] Nouns =
    [
        "Harbor", "Meadow", "Canyon", "Forest", "Garden", "Island", "Lagoon", "Mountain", "Orchard", "Prairie",
        "Quarry", "River", "Summit", "Tundra", "Valley", "Willow", "Beacon", "Bridge", "Castle", "Cellar",
        "Chapel", "Cottage", "Dock", "Estate", "Factory", "Gallery", "Hangar", "Kitchen", "Library", "Market",
        "Office", "Pantry", "Plaza", "Studio", "Tower", "Tunnel", "Village", "Wharf", "Workshop", "Yard",
        "Budget", "Contract", "Draft", "Essay", "Invoice", "Journal", "Ledger", "Memo", "Notebook", "Outline",
        "Plan", "Proposal", "Recipe", "Report", "Roadmap", "Schedule", "Sketch", "Story", "Summary", "Thesis",
        "Atlas", "Ballad", "Compass", "Diary", "Engine", "Fable", "Glacier", "Horizon", "Iris", "Jigsaw",
        "Kayak", "Lantern", "Mosaic", "Nebula", "Oasis", "Pebble", "Quill", "Rocket", "Saddle", "Thicket",
        "Umbrella", "Voyage", "Whistle", "Zephyr", "Anchor", "Blossom", "Cascade", "Delta", "Ember", "Falcon",
        "Grove", "Heron", "Inlet", "Juniper", "Kestrel", "Lotus", "Marble", "Nectar", "Osprey", "Pioneer",
    ];

    private static string Adjective(int i) => Adjectives[i % Adjectives.Length];

    private static string Noun(int i) => Nouns[i / Adjectives.Length % Nouns.Length];

    public static string Label(int i) => string.Create(CultureInfo.InvariantCulture, $"{Adjective(i)} {Noun(i)} {i}");

    public static string Key(int i) => string.Create(CultureInfo.InvariantCulture, $"{Adjective(i)}-{Noun(i)}-{i}").ToLowerInvariant();

    /// <summary>One in ten seeded sessions is persistent; the persistent filter returns those.</summary>
    public static bool Persistent(int i) => i % 10 == 0;

    /// <summary>One in five is a peer session (made for a chat surface), the rest were created by a person.</summary>
    public static bool Peer(int i) => i % 5 == 4;

    /// <summary>Tags: "common" on half the sessions, "team" on one in ten (all of them also "common"), "rare" on one in a thousand.</summary>
    public static IEnumerable<string> Tags(int i)
    {
        if (i % 2 == 0)
        {
            yield return "common";
        }

        if (i % 10 == 4)
        {
            yield return "team";
        }

        if (i % 1000 == 7)
        {
            yield return "rare";
        }
    }

    /// <summary>One in a thousand is pinned: the default list's first page starts with them.</summary>
    public static bool Pinned(int i) => i % 1000 == 1;

    public static string? Description(int i) => i % 2 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"Notes on the {Noun(i).ToLowerInvariant()} work, thread {i % 997}")
        : null;

    public static string Message(int i, int seq) => seq % 2 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"Question {seq / 2 + 1} about the {Noun(i).ToLowerInvariant()}: what should happen next, and who should I ask about it?")
        : string.Create(CultureInfo.InvariantCulture, $"Echo: question {seq / 2 + 1} about the {Noun(i).ToLowerInvariant()}. Start with the open items, then ask the owner of the {Adjective(i).ToLowerInvariant()} track for a date.");

    /// <summary>A seeded session that is not persistent (so it can be reset).</summary>
    public static int Temporary(Random random, int n)
    {
        while (true)
        {
            var i = random.Next(n);
            if (!Persistent(i))
            {
                return i;
            }
        }
    }
}
