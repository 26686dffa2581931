using System.Text.Json;
using Cairn.Protocol;

namespace Cairn.Gateway;

public sealed record ResponseFrame(string Type, JsonElement? Id, bool Ok, object? Payload, MethodError? Error)
{
    public static ResponseFrame From(JsonElement? id, Outcome<object> outcome) =>
        outcome.Error is { } error ? new("res", id, false, null, error) : new("res", id, true, outcome.Value, null);

    public static ResponseFrame Fail(JsonElement? id, ErrorCode code, string message) => new("res", id, false, null, new MethodError(code, message));
}
