using System.Globalization;
using System.Text;
using Cairn.Protocol;
using Microsoft.Extensions.AI;

namespace Cairn.Chat.Context;

/// <summary>
/// The documented compaction prompt (docs/chat.md): a system message with the instructions, and one user message
/// holding the earlier summaries and the messages to summarise, each under a bracketed header line
/// (<c>[User, message 81]</c>). An earlier summary is input like any message, so summaries of summaries work.
/// </summary>
public static class CompactionPrompt
{
    /// <summary>The opening words of the instructions; the echo model recognises a compaction request by them.</summary>
    public const string Heading = "You are compacting a conversation";

    /// <summary>Raw tokens the instructions (focus included) take besides the messages: an upper estimate.</summary>
    public const int OverheadTokens = 300;

    /// <summary>Raw tokens of one message's header line (<c>[Assistant, message 12345]</c>) and separators.</summary>
    public const int PerRowTokens = 12;

    /// <summary>A focus longer than this is cut, so the instructions stay within <see cref="OverheadTokens"/>.</summary>
    public const int MaxFocusLength = 400;

    public static IReadOnlyList<ChatMessage> Messages(CompactionInput input, int maxOutputTokens, string? focus) =>
    [
        new(ChatRole.System, Instructions(maxOutputTokens, focus)),
        new(ChatRole.User, Transcript(input)),
    ];

    public static string Instructions(int maxOutputTokens, string? focus)
    {
        var words = Math.Max(20, maxOutputTokens * 3 / 4);
        var text = new StringBuilder(Heading);
        text.Append(" so that it can go on beyond the model's context window. The next message holds the earlier summary, if any, ");
        text.Append("and the older messages between a user and an assistant. Write one summary that replaces them all. Keep what the rest ");
        text.Append("of the conversation may rely on: facts about the user, their goals and preferences, decisions made, open questions and ");
        text.Append("tasks, names, numbers, dates, file names and code identifiers. Drop greetings and repetition. Do not invent anything. ");
        text.Append(CultureInfo.InvariantCulture, $"Write in the conversation's language, in the third person (\"The user asked …\"), at most {words} words. ");
        text.Append("Output only the summary.");
        if (focus is { Length: > 0 })
        {
            var trimmed = focus.Trim();
            text.Append(CultureInfo.InvariantCulture, $"\n\nPay special attention to: {(trimmed.Length <= MaxFocusLength ? trimmed : trimmed[..MaxFocusLength])}");
        }

        return text.ToString();
    }

    public static string Transcript(CompactionInput input)
    {
        var text = new StringBuilder("Conversation to summarise:");
        foreach (var row in input.Rows)
        {
            text.Append("\n\n").Append(Header(row)).Append('\n').Append(row.Text);
        }

        return text.ToString();
    }

    private static string Header(ContextRow row) => row.Role switch
    {
        ContextRow.SummaryRole when row.Covers is { } covers => string.Create(CultureInfo.InvariantCulture, $"[Earlier summary of messages {covers.From}–{covers.To}]"),
        MessageRoles.User => string.Create(CultureInfo.InvariantCulture, $"[User, message {row.Seq}]"),
        _ => string.Create(CultureInfo.InvariantCulture, $"[Assistant, message {row.Seq}]"),
    };
}
