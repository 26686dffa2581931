using System.Globalization;
using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Sessions;

/// <summary>Input rules for keys, labels and descriptions, and the mapping of store outcomes to errors.</summary>
public static class SessionRules
{
    public const int MaxSystemPromptLength = 20_000;

    public static MethodError? CheckKey(string key) =>
        SessionNames.IsValidKey(key) ? null
        : MethodError.Invalid("key", $"'{Shorten(key)}' is not a valid session key: use 1-64 lower-case letters, digits and dashes, starting with a letter or digit.");

    /// <summary>The rules of a session label; templates name themselves by the same rules (<paramref name="noun"/>, <paramref name="field"/>).</summary>
    public static MethodError? CheckLabel(string label, string noun = "session", string field = "label")
    {
        var clean = SessionNames.CleanLabel(label);
        if (clean.Length is 0 or > SessionNames.MaxLabelLength)
        {
            return MethodError.Invalid(field, $"A {noun} name must be 1 to {SessionNames.MaxLabelLength} characters.");
        }

        return clean.Any(char.IsControl) ? MethodError.Invalid(field, $"A {noun} name cannot contain control characters.")
            : HasInvisibleFormatting(clean)
                ? MethodError.Invalid(field, $"A {noun} name cannot contain invisible or text-direction characters (zero-width spaces, joiners, bidi controls, soft hyphens): they make look-alike names.")
            : null;
    }

    /// <summary>
    /// Unicode format characters (category Cf: U+200B–U+200F, U+202A–U+202E, U+2060–U+2069, U+FEFF, U+00AD …) draw
    /// nothing or reorder text, so "Work" and "Work\u200B" would look the same. The zero-width joiner inside an
    /// emoji sequence (between two emoji) is what draws one family emoji, so it stays allowed there.
    /// </summary>
    private static bool HasInvisibleFormatting(string label)
    {
        for (var i = 0; i < label.Length; i++)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(label[i]) != UnicodeCategory.Format)
            {
                continue;
            }

            var joinsEmoji = label[i] == '\u200D' && i > 0 && i + 1 < label.Length
                && (char.IsLowSurrogate(label[i - 1]) || label[i - 1] == '\uFE0F') && char.IsHighSurrogate(label[i + 1]);
            if (!joinsEmoji)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>INVALID_REQUEST for a model name the config does not have, listing the names it has.</summary>
    public static MethodError UnknownModel(string name, Config.CairnConfig config) => new(ErrorCode.InvalidRequest,
        $"No model is named '{Shorten(name.Trim())}'. Configured: {string.Join(", ", config.Models.Select(m => m.Name))} (default {config.DefaultModel}).",
        new Dictionary<string, object?> { ["field"] = "model", ["models"] = config.Models.Select(m => m.Name).ToList(), ["defaultModel"] = config.DefaultModel });

    public static MethodError? CheckSystemPrompt(string? prompt) =>
        prompt is { Length: > MaxSystemPromptLength }
            ? MethodError.Invalid("systemPrompt", $"'systemPrompt' must be at most {MaxSystemPromptLength} characters.")
            : null;

    /// <summary>The shape of a model name (whether it is configured is the service's check: the config can change).</summary>
    public static MethodError? CheckModelName(string? model) =>
        model is { } name && (name.Trim().Length == 0 || name.Length > 200)
            ? MethodError.Invalid("model", "'model' must be a configured model's name, or null for the default.")
            : null;

    public static MethodError? CheckDescription(string? description) =>
        description is { Length: > SessionNames.MaxDescriptionLength }
            ? MethodError.Invalid("description", $"A description must be at most {SessionNames.MaxDescriptionLength} characters.")
            : null;

    public static MethodError NotFound(string key) =>
        MethodError.NotFound($"No session '{Shorten(key)}'.", new Dictionary<string, object?> { ["key"] = key });

    /// <summary>NOT_FOUND with <c>reason: "trashed"</c>: the key is in the trash (still reserved), not unknown.</summary>
    public static MethodError InTrash(SessionEntry entry) =>
        MethodError.NotFound($"'{entry.Label}' ({entry.Key}) is in the trash. Restore it to use it again.",
            new Dictionary<string, object?> { ["key"] = entry.Key, ["reason"] = "trashed", ["label"] = entry.Label, ["trashedAt"] = entry.TrashedAt });

    public static MethodError LabelTaken(SessionEntry owner) => owner.Trashed
        ? new(ErrorCode.Conflict, $"A session named '{owner.Label}' is in the trash ({owner.Key}): restore it, or purge it to free the name.",
            new Dictionary<string, object?> { ["field"] = "label", ["key"] = owner.Key, ["reason"] = "trashed" })
        : new(ErrorCode.Conflict, $"A session named '{owner.Label}' already exists.",
            new Dictionary<string, object?> { ["field"] = "label", ["key"] = owner.Key });

    /// <summary>CONFLICT with <c>reason: "archived"</c>: an archived session takes no new turns until it is unarchived.</summary>
    public static MethodError Archived(SessionEntry entry) =>
        new(ErrorCode.Conflict, $"'{entry.Label}' is archived, so it takes no new messages. Unarchive it first (/session unarchive {entry.Key}).",
            new Dictionary<string, object?> { ["key"] = entry.Key, ["reason"] = "archived" });

    public static MethodError Persistent(SessionEntry entry) =>
        new(ErrorCode.SessionPersistent,
            $"'{entry.Label}' is persistent, so it cannot be reset. Turn persistence off first (/session persist off) if you really want to clear it.",
            new Dictionary<string, object?> { ["key"] = entry.Key });

    public static MethodError Disabled() =>
        new(ErrorCode.FeatureDisabled, "Named sessions are turned off on this gateway (session.namedSessionsEnabled: false).");

    /// <summary>
    /// Maps the expected failures of a store write to protocol errors. <paramref name="verb"/> names what main refuses
    /// ("deleted", "archived", "purged").
    /// </summary>
    public static MethodError FromStore(StoreStatus status, string key, SessionEntry? existing, string verb = "deleted") => status switch
    {
        StoreStatus.NotFound => NotFound(key),
        StoreStatus.LabelTaken => LabelTaken(existing!),
        StoreStatus.KeyTaken when existing is { Trashed: true } => new(ErrorCode.Conflict,
            $"The key '{key}' belongs to '{existing.Label}', which is in the trash: restore it, or purge it to free the key.",
            new Dictionary<string, object?> { ["field"] = "key", ["key"] = key, ["reason"] = "trashed" }),
        StoreStatus.KeyTaken => new(ErrorCode.Conflict, $"The key '{key}' is already used.", new Dictionary<string, object?> { ["field"] = "key", ["key"] = key }),
        StoreStatus.RevMismatch => new(ErrorCode.Conflict, $"'{existing!.Label}' was changed by someone else (now at rev {existing.Rev}); reload and try again.",
            new Dictionary<string, object?> { ["field"] = "expectedRev", ["rev"] = existing.Rev, ["entry"] = existing }),
        StoreStatus.Persistent => Persistent(existing!),
        StoreStatus.Protected => new(ErrorCode.SessionProtected, $"The main session cannot be {verb}.", new Dictionary<string, object?> { ["key"] = key }),
        StoreStatus.AlreadyArchived => State(existing!, "already_archived", $"'{existing!.Label}' is archived already."),
        StoreStatus.NotArchived => State(existing!, "not_archived", $"'{existing!.Label}' is not archived."),
        StoreStatus.NotTrashed => State(existing!, "not_trashed", $"'{existing!.Label}' is not in the trash. Only a session in the trash can be restored or purged: delete it first."),
        _ => new(ErrorCode.Internal, "Unexpected store outcome."),
    };

    private static MethodError State(SessionEntry entry, string reason, string message) =>
        new(ErrorCode.Conflict, message, new Dictionary<string, object?> { ["key"] = entry.Key, ["reason"] = reason });

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
