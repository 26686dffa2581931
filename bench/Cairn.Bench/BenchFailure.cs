namespace Cairn.Bench;

/// <summary>The benchmark cannot go on (the gateway failed, or a request did); the run exits non-zero.</summary>
internal sealed class BenchFailure(string message) : Exception(message);
