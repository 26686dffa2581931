using System.Text;
using System.Text.Json;
using Cairn.Store;

namespace Cairn.Import;

/// <summary>What reading transcripts left out, by reason. Adds up across files.</summary>
public sealed record TranscriptStats(int Messages = 0, int ToolResults = 0, int OtherEntries = 0, int Unparsable = 0, int Empty = 0)
{
    public static TranscriptStats operator +(TranscriptStats a, TranscriptStats b) => new(
        a.Messages + b.Messages, a.ToolResults + b.ToolResults, a.OtherEntries + b.OtherEntries, a.Unparsable + b.Unparsable, a.Empty + b.Empty);

    public int Skipped => ToolResults + OtherEntries + Unparsable + Empty;
}

/// <summary>One OpenClaw transcript file: its messages in order, and what was skipped.</summary>
public sealed record ParsedTranscript(IReadOnlyList<ImportedMessage> Messages, long? StartedAt, TranscriptStats Stats);

/// <summary>
/// Reads an OpenClaw transcript (<c>&lt;sessionId&gt;.jsonl</c>): a <c>session</c> header line, then one entry
/// per line. <c>message</c> entries with role user or assistant become rows (their text blocks joined; the
/// assistant's <c>usage.input</c>/<c>usage.output</c> as token counts). Tool results are skipped, because
/// Cairn's transcript is the conversation and a tool's raw output is not part of it; model changes,
/// compactions, labels and other entry types are skipped; so are lines that are not JSON. All are counted.
/// </summary>
public static class OpenClawTranscript
{
    public static async Task<ParsedTranscript> ReadAsync(string path, long fallbackTime, CancellationToken ct)
    {
        var tally = new Tally(fallbackTime);
        using var reader = new StreamReader(path, Encoding.UTF8);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (TryParse(line) is { } entry)
            {
                tally.Take(entry);
            }
            else
            {
                tally.Unparsable++;
            }
        }

        return new(tally.Messages, tally.StartedAt,
            new TranscriptStats(tally.Messages.Count, tally.ToolResults, tally.OtherEntries, tally.Unparsable, tally.Empty));
    }

    /// <summary>The running state of one file: rows so far, counts, and the last time seen (for entries without one).</summary>
    private sealed class Tally(long clock)
    {
        public List<ImportedMessage> Messages { get; } = [];

        public long? StartedAt { get; private set; }

        public int ToolResults { get; private set; }

        public int OtherEntries { get; private set; }

        public int Unparsable { get; set; }

        public int Empty { get; private set; }

        public void Take(JsonElement entry)
        {
            var type = entry.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var at = entry.TryGetProperty("timestamp", out var ts) ? EntryMapper.ToTimestamp(ts) : null;
            if (type == "session")
            {
                StartedAt ??= at;
                clock = at ?? clock;
            }
            else if (type is null)
            {
                Unparsable++;
            }
            else if (type != "message" || !entry.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
            {
                OtherEntries++;
            }
            else
            {
                TakeMessage(message, at);
            }
        }

        private void TakeMessage(JsonElement message, long? at)
        {
            var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            if (role is not ("user" or "assistant"))
            {
                ToolResults += role == "toolResult" ? 1 : 0;
                OtherEntries += role == "toolResult" ? 0 : 1;
                return;
            }

            clock = (message.TryGetProperty("timestamp", out var mt) ? EntryMapper.ToTimestamp(mt) : null) ?? at ?? clock;
            if (Text(message) is not { Length: > 0 } text)
            {
                Empty++;
                return;
            }

            var (input, output) = Usage(message);
            Messages.Add(new ImportedMessage(role, text, clock, input, output));
        }
    }

    private static JsonElement? TryParse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Content is a string, or blocks of which only <c>text</c> ones are kept (tool calls, thinking, images are not conversation text).</summary>
    private static string? Text(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return null;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()?.Trim();
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var parts = content.EnumerateArray()
            .Where(b => b.ValueKind == JsonValueKind.Object && b.TryGetProperty("type", out var bt) && bt.ValueEquals("text")
                && b.TryGetProperty("text", out var tx) && tx.ValueKind == JsonValueKind.String)
            .Select(b => b.GetProperty("text").GetString()!)
            .Where(s => s.Length > 0);
        return string.Join("\n\n", parts).Trim();
    }

    private static (long? Input, long? Output) Usage(JsonElement message)
    {
        if (!message.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        return (Number(usage, "input"), Number(usage, "output"));
    }

    private static long? Number(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0 ? n : null;
}
