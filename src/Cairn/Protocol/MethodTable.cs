using System.Text.Json;

namespace Cairn.Protocol;

/// <summary>One registered method: its name, what it does, and the types it takes and gives.</summary>
public sealed record MethodDescriptor(string Name, string Summary, Type ParamsType, Type ResultType,
    Func<JsonElement?, MethodContext, CancellationToken, Task<Outcome<object>>> Invoke)
{
    /// <summary>Only meaningful on a WebSocket connection (the schema lists only that server for it).</summary>
    public bool WebSocketOnly { get; init; }
}

/// <summary>
/// Name → handler, for both transports. Each feature maps its own methods (<c>MapSessionMethods</c>,
/// <c>MapChatMethods</c>, …) onto its service with short static handlers that take the service, the typed
/// params and only what else they use (the <see cref="Caller"/>, the token). Parameters are deserialized strictly
/// (unknown fields, wrong types, missing required fields are INVALID_REQUEST) and then validated before the
/// handler runs. Every call goes through the filters, outermost first.
/// </summary>
/// <remarks>
/// Adding a method: a params and a result record in <c>Cairn.Client/Protocol</c>, a validator next to the feature,
/// one <c>Add</c> line in the feature's <c>MapXMethods</c>, and a section in <c>docs/api/sessions.md</c>.
/// </remarks>
public sealed class MethodTable(IServiceProvider services)
{
    private readonly Dictionary<string, MethodDescriptor> _methods = new(StringComparer.Ordinal);
    private readonly List<IMethodFilter> _filters = [];
    private MethodInvoker? _pipeline;

    public IEnumerable<MethodDescriptor> Methods => _methods.Values;

    public IReadOnlyList<string> Names => [.. _methods.Keys];

    public bool Contains(string name) => _methods.ContainsKey(name);

    /// <summary>Marks a method added before as one for WebSocket connections only (HTTP callers get its refusal).</summary>
    public MethodTable WebSocketOnly(string name)
    {
        _methods[name] = _methods[name] with { WebSocketOnly = true };
        return this;
    }

    /// <summary>Adds a filter around every call; the first one added runs outermost.</summary>
    public MethodTable UseFilter(IMethodFilter filter)
    {
        _filters.Add(filter);
        _pipeline = null;
        return this;
    }

    public MethodTable Add<TService, TParams, TResult>(string name, string summary, Func<TService, TParams, Outcome<TResult>> handler,
        Func<TParams, MethodError?>? validate = null)
        where TService : notnull where TParams : class =>
        Register<TService, TParams, TResult>(name, summary, (service, p, _, _) => Task.FromResult(handler(service, p)), validate, null);

    public MethodTable Add<TService, TParams, TResult>(string name, string summary, Func<TService, TParams, Caller, Outcome<TResult>> handler,
        Func<TParams, MethodError?>? validate = null)
        where TService : notnull where TParams : class =>
        Register<TService, TParams, TResult>(name, summary, (service, p, caller, _) => Task.FromResult(handler(service, p, caller)), validate, null);

    public MethodTable Add<TService, TParams, TResult>(string name, string summary,
        Func<TService, TParams, CancellationToken, Task<Outcome<TResult>>> handler, Func<TParams, MethodError?>? validate = null,
        Action<TService, MethodError>? rejected = null)
        where TService : notnull where TParams : class =>
        Register<TService, TParams, TResult>(name, summary, (service, p, _, ct) => handler(service, p, ct), validate, rejected);

    public MethodTable Add<TService, TParams, TResult>(string name, string summary,
        Func<TService, TParams, Caller, CancellationToken, Task<Outcome<TResult>>> handler, Func<TParams, MethodError?>? validate = null,
        Action<TService, MethodError>? rejected = null)
        where TService : notnull where TParams : class =>
        Register(name, summary, handler, validate, rejected);

    public Task<Outcome<object>> InvokeAsync(string name, JsonElement? parameters, MethodContext context, CancellationToken ct) =>
        (_pipeline ??= Build())(new MethodCall(name, _methods.GetValueOrDefault(name), parameters, context, ct));

    /// <summary>
    /// <paramref name="rejected"/> hears of params refused before the handler runs, for a service that counts
    /// its failures whatever their cause (<c>sessions.create</c>).
    /// </summary>
    private MethodTable Register<TService, TParams, TResult>(string name, string summary,
        Func<TService, TParams, Caller, CancellationToken, Task<Outcome<TResult>>> handler, Func<TParams, MethodError?>? validate,
        Action<TService, MethodError>? rejected)
        where TService : notnull where TParams : class
    {
        _methods.Add(name, new MethodDescriptor(name, summary, typeof(TParams), typeof(TResult), async (raw, context, ct) =>
        {
            var service = services.GetRequiredService<TService>();
            var parsed = ParamsReader.Read(raw, validate);
            if (parsed.Error is { } error)
            {
                rejected?.Invoke(service, error);
                return error;
            }

            var outcome = await handler(service, parsed.Value!, Caller.Of(context), ct);
            return outcome.Error is { } failure ? failure : new Outcome<object>(outcome.Value, null);
        }));
        return this;
    }

    private MethodInvoker Build()
    {
        MethodInvoker next = InvokeMethodAsync;
        for (var i = _filters.Count - 1; i >= 0; i--)
        {
            var (filter, inner) = (_filters[i], next);
            next = request => filter.InvokeAsync(request, inner);
        }

        return next;
    }

    private static Task<Outcome<object>> InvokeMethodAsync(MethodCall call) =>
        call.Method is { } method
            ? method.Invoke(call.Params, call.Context, call.Cancellation)
            : Task.FromResult<Outcome<object>>(new MethodError(ErrorCode.NotFound, $"Unknown method '{Truncate(call.Name)}'.",
                new Dictionary<string, object?> { ["method"] = Truncate(call.Name) }));

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
