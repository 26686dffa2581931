using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cairn.Protocol;

/// <summary>
/// How the gateway writes replies and events: <see cref="ProtocolJson.Options"/> plus a hand-written writer for
/// <see cref="SessionEntry"/>, the record every list, get and change event carries (a page of 100 is 100 of them). The
/// general serializer spent about a quarter of a <c>sessions.list</c>'s CPU on them, most of it pushing and popping
/// its per-object state; this writer writes the same bytes straight (<c>WireJsonTests</c> compares the two on every
/// field). Reading, the schema and the C# client keep <see cref="ProtocolJson.Options"/>.
/// </summary>
public static class WireJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(ProtocolJson.Options);
        options.Converters.Insert(0, new SessionEntryWriter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Writes a <see cref="SessionEntry"/> property by property in the general serializer's order and naming; reads as the general one does.</summary>
    private sealed class SessionEntryWriter : JsonConverter<SessionEntry>
    {
        private static readonly JsonEncodedText Key = JsonEncodedText.Encode("key");
        private static readonly JsonEncodedText SessionId = JsonEncodedText.Encode("sessionId");
        private static readonly JsonEncodedText Label = JsonEncodedText.Encode("label");
        private static readonly JsonEncodedText Description = JsonEncodedText.Encode("description");
        private static readonly JsonEncodedText Persistent = JsonEncodedText.Encode("persistent");
        private static readonly JsonEncodedText UserCreated = JsonEncodedText.Encode("userCreated");
        private static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
        private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("createdAt");
        private static readonly JsonEncodedText UpdatedAt = JsonEncodedText.Encode("updatedAt");
        private static readonly JsonEncodedText LastMessageAt = JsonEncodedText.Encode("lastMessageAt");
        private static readonly JsonEncodedText MessageCount = JsonEncodedText.Encode("messageCount");
        private static readonly JsonEncodedText InputTokens = JsonEncodedText.Encode("inputTokens");
        private static readonly JsonEncodedText OutputTokens = JsonEncodedText.Encode("outputTokens");
        private static readonly JsonEncodedText Rev = JsonEncodedText.Encode("rev");
        private static readonly JsonEncodedText SystemPrompt = JsonEncodedText.Encode("systemPrompt");
        private static readonly JsonEncodedText ContextTokens = JsonEncodedText.Encode("contextTokens");
        private static readonly JsonEncodedText ContextWindow = JsonEncodedText.Encode("contextWindow");
        private static readonly JsonEncodedText ArchivedAt = JsonEncodedText.Encode("archivedAt");
        private static readonly JsonEncodedText TrashedAt = JsonEncodedText.Encode("trashedAt");
        private static readonly JsonEncodedText Model = JsonEncodedText.Encode("model");
        private static readonly JsonEncodedText ForkedFrom = JsonEncodedText.Encode("forkedFrom");
        private static readonly JsonEncodedText EffectiveModel = JsonEncodedText.Encode("effectiveModel");
        private static readonly JsonEncodedText Archived = JsonEncodedText.Encode("archived");
        private static readonly JsonEncodedText Trashed = JsonEncodedText.Encode("trashed");
        private static readonly JsonEncodedText Pinned = JsonEncodedText.Encode("pinned");
        private static readonly JsonEncodedText Tags = JsonEncodedText.Encode("tags");
        private static readonly JsonEncodedText[] Kinds = [.. Enum.GetValues<SessionKind>().Select(k => JsonEncodedText.Encode(k.WireName()))];

        public override SessionEntry? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<SessionEntry>(ref reader, ProtocolJson.Options);

        public override void Write(Utf8JsonWriter writer, SessionEntry value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString(Key, value.Key);
            writer.WriteString(SessionId, value.SessionId);
            writer.WriteString(Label, value.Label);
            WriteIfSet(writer, Description, value.Description);
            writer.WriteBoolean(Persistent, value.Persistent);
            writer.WriteBoolean(UserCreated, value.UserCreated);
            writer.WriteString(Kind, Kinds[(int)value.Kind]);
            writer.WriteNumber(CreatedAt, value.CreatedAt);
            writer.WriteNumber(UpdatedAt, value.UpdatedAt);
            WriteIfSet(writer, LastMessageAt, value.LastMessageAt);
            writer.WriteNumber(MessageCount, value.MessageCount);
            writer.WriteNumber(InputTokens, value.InputTokens);
            writer.WriteNumber(OutputTokens, value.OutputTokens);
            writer.WriteNumber(Rev, value.Rev);
            WriteIfSet(writer, SystemPrompt, value.SystemPrompt);
            WriteIfSet(writer, ContextTokens, value.ContextTokens);
            WriteIfSet(writer, ContextWindow, value.ContextWindow);
            WriteIfSet(writer, ArchivedAt, value.ArchivedAt);
            WriteIfSet(writer, TrashedAt, value.TrashedAt);
            WriteIfSet(writer, Model, value.Model);
            if (value.ForkedFrom is { } origin)
            {
                writer.WritePropertyName(ForkedFrom);
                JsonSerializer.Serialize(writer, origin, options);
            }

            WriteIfSet(writer, EffectiveModel, value.EffectiveModel);
            writer.WriteBoolean(Archived, value.Archived);
            writer.WriteBoolean(Trashed, value.Trashed);
            writer.WriteBoolean(Pinned, value.Pinned);
            writer.WriteStartArray(Tags);
            foreach (var tag in value.Tags)
            {
                writer.WriteStringValue(tag);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        private static void WriteIfSet(Utf8JsonWriter writer, JsonEncodedText name, string? value)
        {
            if (value is not null)
            {
                writer.WriteString(name, value);
            }
        }

        private static void WriteIfSet(Utf8JsonWriter writer, JsonEncodedText name, long? value)
        {
            if (value is { } number)
            {
                writer.WriteNumber(name, number);
            }
        }
    }
}
