using System.Globalization;
using System.Text;
using Cairn.Config;
using Cairn.Protocol;
using Cairn.Sessions;

namespace Cairn.Commands;

/// <summary>
/// <c>/model</c> lists the configured models and marks the one this session uses; <c>/model &lt;name&gt;</c> pins one
/// (through <c>sessions.patch {model}</c>, so the same rules and the same <c>sessions.changed</c>); <c>/model default</c>
/// clears the pin.
/// </summary>
public sealed class ModelCommand(SessionService sessions, CairnConfig config)
{
    public const string DefaultWord = "default";

    public async Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct)
    {
        if (sessions.Find(call.SessionKey) is not { } entry)
        {
            return call.Reply(sessions.NotFound(call.SessionKey).Message);
        }

        var name = CommandText.Unquote(call.Args);
        if (name.Length == 0)
        {
            return call.Reply(List(entry));
        }

        var pin = name.Equals(DefaultWord, StringComparison.OrdinalIgnoreCase) ? null : name;
        var patched = await sessions.PatchAsync(new SessionsPatchParams(entry.Key, Model: pin), ct);
        if (patched.Error is { } error)
        {
            return call.Reply(error.Message);
        }

        var used = patched.Value!.Entry.EffectiveModel ?? config.EffectiveModel(pin);
        return call.Reply(pin is null
            ? $"'{entry.Label}' now uses the default model, {used}."
            : $"'{entry.Label}' now uses {used}. /model default goes back to the default model.");
    }

    private string List(SessionEntry entry)
    {
        var used = config.EffectiveModel(entry.Model);
        var text = new StringBuilder("Models (▸ the one this session uses):\n");
        foreach (var model in config.Models)
        {
            var settings = model.Settings;
            var window = settings.ContextWindow is { } n ? string.Create(CultureInfo.InvariantCulture, $"{n} tokens") : "window asked of the server";
            var what = settings.Provider == "openai" ? $"openai {settings.Name ?? ModelConfig.DefaultOpenAiModel}, {window}" : "offline echo";
            var marker = model.Name == used ? "▸" : " ";
            var isDefault = model.Name == config.DefaultModel ? " — default" : "";
            text.Append(CultureInfo.InvariantCulture, $"{marker} {model.Name} ({what}){isDefault}\n");
        }

        text.Append(entry.Model is null ? $"This session uses the default model ({used})."
            : config.FindModel(entry.Model) is null ? $"This session is set to '{entry.Model}', which is no longer configured: the default ({used}) answers."
            : $"This session is set to {used}.");
        return text.Append(" /model <name> sets one; /model default goes back to the default.").ToString();
    }
}
