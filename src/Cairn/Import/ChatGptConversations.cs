using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;

namespace Cairn.Import;

/// <summary>
/// ChatGPT's account export (<c>conversations.json</c>: an array of <c>{title, create_time, update_time, mapping,
/// current_node, id}</c>, each <c>mapping</c> a tree of <c>{id, message, parent, children}</c>) as sessions to import,
/// one per conversation. A conversation with branches (an edited message, a regenerated reply) becomes the path shown
/// last: from <c>current_node</c> up the <c>parent</c> links. Only the user's and the assistant's visible messages are
/// kept: system, tool and hidden messages, messages to a tool, and empty ones are left out; a part that is not text (an
/// image, a file) is noted in the message as <c>[image not imported]</c>. The whole file is checked before anything
/// is written; the first problem is named and nothing is imported. The import itself (keys, unique labels, aliases,
/// one transaction) is <see cref="ImportStore"/>'s, as for every other source.
/// </summary>
public static class ChatGptConversations
{
    public const string Source = "chatgpt export";
    public const string UntitledLabel = "Untitled conversation";

    /// <summary>Content types that ChatGPT does not show as a message (custom instructions, memory, reasoning): left out silently.</summary>
    private static readonly HashSet<string> Hidden = ["user_editable_context", "model_editable_context", "thoughts", "reasoning_recap", "system_error"];

    public static (List<ImportedSession> Sessions, string? Problem) Parse(string content, long now)
    {
        var sessions = new List<ImportedSession>();
        var (document, unreadable) = Open(content);
        if (document is null)
        {
            return (sessions, unreadable);
        }

        using (document)
        {
            var sourceKeys = new HashSet<string>(StringComparer.Ordinal);
            var number = 0;
            foreach (var conversation in document.RootElement.EnumerateArray())
            {
                number++;
                var (session, problem) = Conversation(conversation, now);
                var where = $"Conversation {number}{(conversation.ValueKind == JsonValueKind.Object && Text(conversation, "title") is { } t ? $" ('{t}')" : "")}: ";
                if (problem is not null)
                {
                    return (sessions, where + problem);
                }

                if (!sourceKeys.Add(session!.SourceKey))
                {
                    return (sessions, $"{where}it appears twice in the file (id {session.SourceKey[(SourcePrefix.Length)..]}).");
                }

                sessions.Add(session);
            }
        }

        return sessions.Count == 0 ? (sessions, "The file holds no conversations.") : (sessions, null);
    }

    /// <summary>
    /// The conversations of a checked file as JSON arrays of at most about <paramref name="maxChars"/> characters each
    /// (one conversation longer than that is an array of its own), so a large export can be sent a part at a time.
    /// </summary>
    public static IReadOnlyList<string> Split(string content, int maxChars)
    {
        var parts = new List<string>();
        using var document = JsonDocument.Parse(content, Options);
        var part = new StringBuilder();
        foreach (var conversation in document.RootElement.EnumerateArray())
        {
            var raw = conversation.GetRawText();
            if (part.Length > 0 && part.Length + raw.Length + 2 > maxChars)
            {
                parts.Add(part.Append(']').ToString());
                part.Clear();
            }

            part.Append(part.Length == 0 ? '[' : ',').Append(raw);
        }

        if (part.Length > 0)
        {
            parts.Add(part.Append(']').ToString());
        }

        return parts;
    }

    private const string SourcePrefix = "chatgpt:";

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 256 };

    private static (JsonDocument? Document, string? Problem) Open(string content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return (null, "The content is empty: pass conversations.json from ChatGPT's data export.");
        }

        if (content.StartsWith("PK\u0003\u0004", StringComparison.Ordinal))
        {
            return (null, "This is a zip file: unzip ChatGPT's export and pass the conversations.json inside it.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, Options);
        }
        catch (JsonException ex)
        {
            return (null, $"Not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): the file is cut off or is not ChatGPT's conversations.json. {ex.Message}");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            var kind = document.RootElement.ValueKind.ToString().ToLowerInvariant();
            document.Dispose();
            return (null, $"Not ChatGPT's conversations.json: that file is a JSON array of conversations, this one is a JSON {kind}.");
        }

        return (document, null);
    }

    private static (ImportedSession? Session, string? Problem) Conversation(JsonElement conversation, long now)
    {
        if (conversation.ValueKind != JsonValueKind.Object)
        {
            return (null, $"it is a JSON {conversation.ValueKind.ToString().ToLowerInvariant()}, not a conversation object.");
        }

        if (!conversation.TryGetProperty("mapping", out var mapping) || mapping.ValueKind != JsonValueKind.Object)
        {
            return (null, "it has no \"mapping\" object (the messages).");
        }

        var (path, problem) = VisiblePath(conversation, mapping);
        if (problem is not null)
        {
            return (null, problem);
        }

        var created = Time(conversation, "create_time");
        var messages = Messages(path, created ?? now);
        created ??= messages.Count > 0 ? messages[0].CreatedAt : now;
        var updated = Math.Max(Time(conversation, "update_time") ?? created.Value, messages.Count > 0 ? messages[^1].CreatedAt : 0);
        var id = Text(conversation, "conversation_id") ?? Text(conversation, "id") ?? Hash($"{Text(conversation, "title")}\n{created}")[..32];
        var sessionId = id.Length is > 0 and <= 64 ? id : new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(id))[..16]).ToString();
        var label = Label(Text(conversation, "title"));
        return (new ImportedSession(SourcePrefix + id, SessionNames.Slug(label), sessionId, label, LabelGiven: true, Description: null,
            Persistent: true, UserCreated: false, SessionKind.Named, created.Value, updated, 0, 0, Extra: null)
        {
            Generations = [new ImportedGeneration(sessionId, messages)],
        }, null);
    }

    /// <summary>The nodes from the root to <c>current_node</c> (or, without one, to the newest leaf), in order.</summary>
    private static (List<JsonElement> Path, string? Problem) VisiblePath(JsonElement conversation, JsonElement mapping)
    {
        var path = new List<JsonElement>();
        var node = Text(conversation, "current_node") ?? NewestLeaf(mapping);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (node is not null)
        {
            if (!mapping.TryGetProperty(node, out var entry) || entry.ValueKind != JsonValueKind.Object)
            {
                return (path, $"its message '{node}' (current_node or a parent) is not in its mapping: the file is incomplete.");
            }

            if (!seen.Add(node))
            {
                return (path, $"its messages' parent links go round in a loop (at '{node}').");
            }

            path.Add(entry);
            node = Text(entry, "parent");
        }

        path.Reverse();
        return (path, null);
    }

    private static string? NewestLeaf(JsonElement mapping) => mapping.EnumerateObject()
        .Where(n => n.Value.ValueKind == JsonValueKind.Object && (!n.Value.TryGetProperty("children", out var c) || c.ValueKind != JsonValueKind.Array || c.GetArrayLength() == 0))
        .OrderByDescending(n => n.Value.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object ? Time(m, "create_time") ?? 0 : 0)
        .Select(n => n.Name)
        .FirstOrDefault();

    private static List<ImportedMessage> Messages(List<JsonElement> path, long fallbackTime)
    {
        var messages = new List<ImportedMessage>();
        var at = fallbackTime;
        foreach (var node in path)
        {
            if (!node.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object
                || Role(message) is not { } role || IsHidden(message) || MessageText(message) is not { Length: > 0 } text)
            {
                continue;
            }

            at = Time(message, "create_time") ?? at;
            messages.Add(new ImportedMessage(role, text, at));
        }

        return messages;
    }

    /// <summary>user or assistant; an assistant message addressed to a tool (<c>recipient</c> other than <c>all</c>) is not shown, so null.</summary>
    private static string? Role(JsonElement message)
    {
        var role = message.TryGetProperty("author", out var author) && author.ValueKind == JsonValueKind.Object ? Text(author, "role") : null;
        var recipient = Text(message, "recipient");
        return role switch
        {
            "user" => MessageRoles.User,
            "assistant" when recipient is null or "all" => MessageRoles.Assistant,
            _ => null,
        };
    }

    private static bool IsHidden(JsonElement message) =>
        message.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty("is_visually_hidden_from_conversation", out var hidden) && hidden.ValueKind == JsonValueKind.True;

    /// <summary>The text a message shows; parts that are not text are noted; null for content ChatGPT does not show.</summary>
    private static string? MessageText(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var type = Text(content, "content_type") ?? "text";
        if (Hidden.Contains(type))
        {
            return null;
        }

        if (type == "code" && Text(content, "text") is { } code)
        {
            var language = Text(content, "language") is { } l && l != "unknown" ? l : "";
            return $"```{language}\n{code}\n```";
        }

        if (content.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Array)
        {
            var texts = parts.EnumerateArray().Select(Part).Where(p => p.Length > 0).ToList();
            if (texts.Contains("[audio not imported]") && parts.EnumerateArray().Any(p => p.ValueKind == JsonValueKind.Object && Text(p, "content_type") == "audio_transcription"))
            {
                texts.Remove("[audio not imported]");
            }

            return string.Join("\n\n", texts).Trim();
        }

        return Text(content, "text")?.Trim() ?? $"[{type} not imported]";
    }

    private static string Part(JsonElement part) => part.ValueKind switch
    {
        JsonValueKind.String => part.GetString()!.Trim(),
        JsonValueKind.Object => Text(part, "content_type") switch
        {
            "audio_transcription" => Text(part, "text")?.Trim() ?? "",
            "image_asset_pointer" => "[image not imported]",
            "audio_asset_pointer" or "real_time_user_audio_video_asset_pointer" => "[audio not imported]",
            { } other => $"[{other} not imported]",
            null => "[a part that is not text, not imported]",
        },
        _ => "",
    };

    private static string Label(string? title)
    {
        var label = ImportNaming.Clean(title ?? "").Label;
        if (label.Length > 0 && SessionRules.CheckLabel(label) is not null)
        {
            // Invisible and text-direction characters make look-alike names; a title keeps its visible text.
            label = new string([.. label.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format)]).Trim();
        }

        return label.Length == 0 ? UntitledLabel : label;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A time field: seconds since the epoch as ChatGPT writes them (or anything <see cref="EntryMapper.ToTimestamp"/> reads).</summary>
    private static long? Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? EntryMapper.ToTimestamp(value) : null;

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
