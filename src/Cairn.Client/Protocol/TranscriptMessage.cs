namespace Cairn.Protocol;

/// <summary>Who wrote a transcript row. Only user and assistant rows are conversation the model sees.</summary>
public static class MessageRoles
{
    public const string User = "user";
    public const string Assistant = "assistant";

    /// <summary>A slash command as the user typed it.</summary>
    public const string Command = "command";

    /// <summary>A command's reply or a reset notice, shown as a system note.</summary>
    public const string Notice = "notice";

    public static bool IsConversation(string role) => role is User or Assistant;
}

public sealed record TranscriptMessage(
    long Seq,
    string Role,
    string Text,
    long CreatedAt,
    long? InputTokens = null,
    long? OutputTokens = null,
    string? RunId = null);
