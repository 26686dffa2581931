namespace Cairn.E2E.Support;

/// <summary>Labels no other test in the same gateway uses, so tests in a class never share sessions.</summary>
public static class Names
{
    public static string Unique(string label) => $"{label} {Guid.NewGuid().ToString("N")[..6]}";
}
