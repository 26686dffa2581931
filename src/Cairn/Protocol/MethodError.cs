namespace Cairn.Protocol;

/// <summary>An expected failure of a method: a code from <see cref="ErrorCode"/>, a readable message, details.</summary>
public sealed record MethodError(ErrorCode Code, string Message, IReadOnlyDictionary<string, object?>? Details = null)
{
    public static MethodError Invalid(string field, string message) =>
        new(ErrorCode.InvalidRequest, message, new Dictionary<string, object?> { ["field"] = field });

    public static MethodError NotFound(string message, IReadOnlyDictionary<string, object?>? details = null) =>
        new(ErrorCode.NotFound, message, details);
}

/// <summary>The result of a method: a value, or an error. Converts implicitly from either.</summary>
public readonly record struct Outcome<T>(T? Value, MethodError? Error)
{
    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(MethodError error) => new(default, error);

    /// <summary>The outcome as the log line and the request counter show it: "OK" or the error's wire code.</summary>
    public string CodeName => Error is { } error ? error.Code.WireName() : "OK";
}
