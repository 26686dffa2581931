using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;

namespace Cairn.OpenAi;

/// <summary>
/// Where a completion goes: a session by key (<c>model: "cairn:work"</c>, or the <c>X-Cairn-Session</c> header), or
/// a peer's active session (<c>model: "cairn"</c>: the peer <c>openai:&lt;user&gt;</c>, which <c>/session switch</c>
/// moves, as for <c>cairn chat</c>).
/// </summary>
public sealed record SessionTarget(string? SessionKey, string? Peer)
{
    public const string Model = "cairn";
    public const string ModelPrefix = "cairn:";
    public const string SessionHeader = "X-Cairn-Session";
    public const string CreateHeader = "X-Cairn-Create";
    public const string PeerPrefix = "openai:";

    /// <summary>The model id of a session, as <c>GET /v1/models</c> lists it and responses echo it.</summary>
    public static string ModelOf(string key) => ModelPrefix + key;

    /// <summary>
    /// Picks the session. An unknown one is created (persistent, labelled with its key) only when the request carries
    /// <c>X-Cairn-Create: true</c>; otherwise it is a 404 <c>model_not_found</c>.
    /// </summary>
    public static async Task<(SessionTarget? Target, OpenAiError? Error)> SelectAsync(CompletionRequest request, IHeaderDictionary headers,
        SessionService sessions, CancellationToken ct)
    {
        var key = headers[SessionHeader].ToString().Trim() is { Length: > 0 } header ? header
            : request.Model.StartsWith(ModelPrefix, StringComparison.Ordinal) ? request.Model[ModelPrefix.Length..]
            : null;
        if (key is null)
        {
            return request.Model == Model
                ? (new SessionTarget(null, PeerOf(request.User)), null)
                : (null, OpenAiError.NoSuchModel($"The model '{Shorten(request.Model)}' is not served here. Use '{Model}' (your active session) or "
                    + $"'{ModelPrefix}<session key>' (GET /v1/models lists them), or send the header {SessionHeader}: <session key>."));
        }

        if (sessions.Get(key) is { Error: null } found)
        {
            return (new SessionTarget(found.Value!.Entry.Key, null), null);
        }

        if (!string.Equals(headers[CreateHeader].ToString().Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return (null, OpenAiError.NoSuchModel($"No session '{Shorten(key)}'. Create it first (cairn sessions create, /session new, or this "
                + $"request with the header {CreateHeader}: true), or pick one of GET /v1/models."));
        }

        var created = await sessions.CreateAsync(new SessionsCreateParams(key, key), ct);
        return created.Error is { } error
            ? (null, OpenAiError.From(error, "model"))
            : (new SessionTarget(created.Value!.Key, null), null);
    }

    /// <summary>The peer of a caller: <c>openai:&lt;user&gt;</c> (OpenAI's <c>user</c> field), or <c>openai:default</c>.</summary>
    public static string PeerOf(string? user)
    {
        var name = user is { Length: > 0 } u && !u.Any(char.IsControl) ? u.Trim() : "default";
        var peer = PeerPrefix + (name.Length == 0 ? "default" : name);
        return peer.Length <= PeerBindingStore.MaxPeerLength ? peer : peer[..PeerBindingStore.MaxPeerLength];
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
