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

    /// <summary>
    /// A compaction summary of the seq range <c>coversFrom..coversTo</c>: sent to the model in place of the rows it
    /// covers, which stay stored and readable.
    /// </summary>
    public const string Summary = "summary";

    /// <summary>A turn that failed: the provider's message, with its reason code; never sent to the model.</summary>
    public const string Error = "error";

    public static bool IsConversation(string role) => role is User or Assistant;
}

public sealed record TranscriptMessage(
    long Seq,
    string Role,
    string Text,
    long CreatedAt,
    long? InputTokens = null,
    long? OutputTokens = null,
    string? RunId = null,
    bool? Incomplete = null,
    long? CoversFrom = null,
    long? CoversTo = null,
    string? Reason = null);
