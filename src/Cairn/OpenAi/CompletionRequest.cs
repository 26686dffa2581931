using System.Text;
using System.Text.Json;

namespace Cairn.OpenAi;

/// <summary>
/// What Cairn takes from a <c>POST /v1/chat/completions</c> body: the model (which names the session), the new
/// user text, streaming, and the caller's <c>user</c>. Sampling settings (<c>temperature</c>, <c>max_tokens</c>,
/// <c>tools</c> …) are accepted and ignored: the session's model and settings decide.
/// </summary>
public sealed record CompletionRequest(string Model, string Text, bool Stream, bool IncludeUsage, string? User)
{
    /// <summary>
    /// Reads the body. The client's history is reconciled with the session's by taking only the messages after
    /// the last non-user one (the new turn); the session keeps the conversation server-side, so a client that
    /// sends the whole history each time does not duplicate it (docs/decisions.md).
    /// </summary>
    public static (CompletionRequest? Request, OpenAiError? Error) Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, OpenAiError.Invalid("The body must be a JSON object with 'model' and 'messages'."));
        }

        if (!body.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || model.GetString() is not { Length: > 0 } modelName)
        {
            return (null, OpenAiError.Invalid("'model' is required: 'cairn' for your active session, or 'cairn:<session key>'.", "model"));
        }

        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            return (null, OpenAiError.Invalid("'messages' must be a non-empty array.", "messages"));
        }

        if (body.TryGetProperty("n", out var n) && !(n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var count) && count == 1)
            && n.ValueKind != JsonValueKind.Null)
        {
            return (null, OpenAiError.Invalid("Only one choice per request is supported ('n' must be 1).", "n"));
        }

        var (text, error) = NewTurn(messages);
        if (error is not null)
        {
            return (null, error);
        }

        var stream = Flag(body, "stream");
        var includeUsage = body.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object && Flag(options, "include_usage");
        var user = body.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        return (new CompletionRequest(modelName, text!, stream, includeUsage, user), null);
    }

    /// <summary>The trailing user messages, joined by a blank line; the last message must be the user's.</summary>
    private static (string? Text, OpenAiError? Error) NewTurn(JsonElement messages)
    {
        var all = messages.EnumerateArray().ToList();
        var first = all.Count;
        while (first > 0 && Role(all[first - 1]) == "user")
        {
            first--;
        }

        if (first == all.Count)
        {
            return (null, OpenAiError.Invalid("The last message must be from the user (role 'user').", $"messages[{all.Count - 1}].role"));
        }

        var parts = new List<string>();
        for (var i = first; i < all.Count; i++)
        {
            var (text, error) = Content(all[i], i);
            if (error is not null)
            {
                return (null, error);
            }

            parts.Add(text!);
        }

        return (string.Join("\n\n", parts), null);
    }

    private static string? Role(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String
            ? role.GetString()
            : null;

    /// <summary>A string, or an array of <c>{"type": "text", "text"}</c> parts; images and audio are refused.</summary>
    private static (string? Text, OpenAiError? Error) Content(JsonElement message, int index)
    {
        var param = $"messages[{index}].content";
        if (!message.TryGetProperty("content", out var content))
        {
            return (null, OpenAiError.Invalid("A user message needs 'content'.", param));
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return (content.GetString(), null);
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return (null, OpenAiError.Invalid("'content' must be a string or an array of text parts.", param));
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.GetString() != "text"
                || !part.TryGetProperty("text", out var value) || value.ValueKind != JsonValueKind.String)
            {
                return (null, OpenAiError.Invalid("Only text content parts ({\"type\": \"text\", \"text\": …}) are supported.", param));
            }

            text.Append(value.GetString());
        }

        return (text.ToString(), null);
    }

    private static bool Flag(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
