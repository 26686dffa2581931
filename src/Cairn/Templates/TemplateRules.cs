using Cairn.Chat;
using Cairn.Commands;
using Cairn.Protocol;
using Cairn.Sessions;

namespace Cairn.Templates;

/// <summary>
/// Input rules of the <c>templates.*</c> methods. A name follows the session label rules (1 to 64 characters, no control
/// or invisible characters, unique case-insensitively); a description at most 500 characters, a system prompt at most
/// 20,000, a first message at most 32,000 (a chat message's limit) and not a slash command; tags as a session's.
/// </summary>
public static class TemplateRules
{
    public static MethodError? Name(TemplateNameParams p) => CheckReference(p.Name, "name");

    public static MethodError? Create(TemplatesCreateParams p) =>
        CheckName(p.Name, "name")
        ?? SessionRules.CheckDescription(p.Description)
        ?? SessionRules.CheckSystemPrompt(p.SystemPrompt)
        ?? SessionRules.CheckModelName(p.Model)
        ?? CheckFirstMessage(p.FirstMessage);

    public static MethodError? Patch(TemplatesPatchParams p) =>
        CheckReference(p.Name, "name")
        ?? (p.Rename is null ? null : CheckName(p.Rename, "rename"))
        ?? SessionRules.CheckDescription(p.Description.Value)
        ?? SessionRules.CheckSystemPrompt(p.SystemPrompt.Value)
        ?? SessionRules.CheckModelName(p.Model.Value)
        ?? CheckFirstMessage(p.FirstMessage.Value)
        ?? (p.ExpectedRev is < 1 ? MethodError.Invalid("expectedRev", "'expectedRev' must be a positive revision number.") : null)
        ?? (p.Rename is null && !p.SystemPrompt.IsSet && !p.Model.IsSet && !p.Persistent.IsSet && p.Tags is null && !p.Description.IsSet && !p.FirstMessage.IsSet
            ? MethodError.Invalid("params", "Nothing to change: pass rename, systemPrompt, model, persistent, tags, description or firstMessage.") : null);

    public static MethodError NotFound(string name) => MethodError.NotFound($"No template '{Shorten(name.Trim())}'.",
        new Dictionary<string, object?> { ["template"] = name, ["reason"] = "unknown_template" });

    public static MethodError NameTaken(string name) => new(ErrorCode.Conflict, $"A template named '{Shorten(name.Trim())}' already exists.",
        new Dictionary<string, object?> { ["field"] = "name", ["name"] = name });

    public static MethodError RevMismatch(TemplateEntry current) => new(ErrorCode.Conflict,
        $"Template '{current.Name}' was changed by someone else (now at rev {current.Rev}); reload and try again.",
        new Dictionary<string, object?> { ["field"] = "expectedRev", ["rev"] = current.Rev });

    private static MethodError? CheckName(string name, string field) =>
        SessionRules.CheckLabel(name, "template", field);

    private static MethodError? CheckReference(string name, string field) =>
        string.IsNullOrWhiteSpace(name) || name.Length > 200 ? MethodError.Invalid(field, $"'{field}' must be a template's key or name (1 to 200 characters).") : null;

    private static MethodError? CheckFirstMessage(string? message) =>
        message is null ? null
        : message.Length > ChatValidation.MaxMessageLength ? MethodError.Invalid("firstMessage", $"'firstMessage' must be at most {ChatValidation.MaxMessageLength} characters.")
        : CommandText.Parse(message) is not null ? MethodError.Invalid("firstMessage", "'firstMessage' is sent to the model, so it cannot be a slash command.")
        : null;

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
