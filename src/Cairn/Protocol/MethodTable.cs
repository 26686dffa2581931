using System.Text.Json;

namespace Cairn.Protocol;

/// <summary>One registered method: its name, what it does, and the types it takes and gives.</summary>
public sealed record MethodDescriptor(string Name, string Summary, Type ParamsType, Type ResultType,
    Func<JsonElement?, MethodContext, CancellationToken, Task<Outcome<object>>> Invoke);

/// <summary>
/// Name → handler, for both transports. Parameters are deserialized strictly (unknown fields, wrong types,
/// missing required fields are INVALID_REQUEST) and then validated before the handler runs.
/// </summary>
public sealed class MethodTable
{
    private readonly Dictionary<string, MethodDescriptor> _methods = new(StringComparer.Ordinal);

    public IEnumerable<MethodDescriptor> Methods => _methods.Values;

    public IReadOnlyList<string> Names => [.. _methods.Keys];

    public MethodTable Add<TParams, TResult>(string name, string summary,
        Func<TParams, MethodContext, CancellationToken, Task<Outcome<TResult>>> handler, Func<TParams, MethodError?>? validate = null)
        where TParams : class
    {
        _methods.Add(name, new MethodDescriptor(name, summary, typeof(TParams), typeof(TResult), async (raw, ctx, ct) =>
        {
            var parsed = ParamsReader.Read(raw, validate);
            if (parsed.Error is { } error)
            {
                return error;
            }

            var outcome = await handler(parsed.Value!, ctx, ct);
            return outcome.Error is { } failure ? failure : new Outcome<object>(outcome.Value, null);
        }));
        return this;
    }

    public bool Contains(string name) => _methods.ContainsKey(name);

    public Task<Outcome<object>> InvokeAsync(string name, JsonElement? parameters, MethodContext context, CancellationToken ct)
    {
        if (!_methods.TryGetValue(name, out var method))
        {
            return Task.FromResult<Outcome<object>>(new MethodError(ErrorCode.NotFound, $"Unknown method '{Truncate(name)}'.",
                new Dictionary<string, object?> { ["method"] = Truncate(name) }));
        }

        return method.Invoke(parameters, context, ct);
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
