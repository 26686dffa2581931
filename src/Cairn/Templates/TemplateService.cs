using Cairn.Chat;
using Cairn.Config;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;

namespace Cairn.Templates;

/// <summary>
/// Session templates for every surface (<c>templates.*</c>, <c>/session new --template</c>, <c>/session templates</c>, the
/// CLI), and <c>sessions.create</c>, which may start from one: the template's values are copied into the new session in
/// the create's transaction (later edits of the template change no session), and its first message, if any, is then sent
/// through <c>chat.send</c>, so the model answers it like any message. The create does not wait for that answer.
/// </summary>
public sealed class TemplateService(TemplateStore store, SessionService sessions, CairnConfig config, IServiceProvider services,
    TimeProvider time, ILogger<TemplateService> logger)
{
    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public Outcome<TemplatesListResult> List() => new TemplatesListResult(store.List());

    public Outcome<TemplateEntryResult> Get(string name) =>
        store.Find(name) is { } found ? new TemplateEntryResult(found) : TemplateRules.NotFound(name);

    public async Task<Outcome<TemplateEntryResult>> CreateAsync(TemplatesCreateParams p, CancellationToken ct)
    {
        if (p.Model is { } model && config.FindModel(model) is null)
        {
            return SessionRules.UnknownModel(model, config);
        }

        var tags = TagRules.Normalize(p.Tags ?? []);
        if (tags.Error is { } badTags)
        {
            return badTags;
        }

        var name = SessionNames.CleanLabel(p.Name);
        var now = Now;
        var entry = new TemplateEntry("", name, Clean(p.Description), Clean(p.SystemPrompt), config.FindModel(p.Model)?.Name, p.Persistent,
            tags.Value!, Clean(p.FirstMessage), false, now, now, 1);
        var result = await store.CreateAsync(entry, ct);
        return result.IsOk ? new TemplateEntryResult(result.Value!) : TemplateRules.NameTaken(name);
    }

    public async Task<Outcome<TemplateEntryResult>> PatchAsync(TemplatesPatchParams p, CancellationToken ct)
    {
        if (p.Model.Value is { } model && config.FindModel(model) is null)
        {
            return SessionRules.UnknownModel(model, config);
        }

        var tags = p.Tags is null ? default : TagRules.Normalize(p.Tags);
        if (tags.Error is { } badTags)
        {
            return badTags;
        }

        var patch = new TemplatePatch(p.Rename is null ? null : SessionNames.CleanLabel(p.Rename), tags.Value, p.ExpectedRev)
        {
            SetSystemPrompt = p.SystemPrompt.IsSet,
            SystemPrompt = Clean(p.SystemPrompt.Value),
            SetModel = p.Model.IsSet,
            Model = config.FindModel(p.Model.Value)?.Name,
            SetPersistent = p.Persistent.IsSet,
            Persistent = p.Persistent.Value,
            SetDescription = p.Description.IsSet,
            Description = Clean(p.Description.Value),
            SetFirstMessage = p.FirstMessage.IsSet,
            FirstMessage = Clean(p.FirstMessage.Value),
        };
        var result = await store.PatchAsync(p.Name, patch, Now, ct);
        return result.Status switch
        {
            StoreStatus.Ok => new TemplateEntryResult(result.Value!),
            StoreStatus.LabelTaken => TemplateRules.NameTaken(p.Rename!),
            StoreStatus.RevMismatch when store.Find(p.Name) is { } current => TemplateRules.RevMismatch(current),
            _ => TemplateRules.NotFound(p.Name),
        };
    }

    /// <summary>Deletes a template for good; sessions made from it keep what they copied.</summary>
    public async Task<Outcome<TemplatesDeleteResult>> DeleteAsync(string name, CancellationToken ct)
    {
        var result = await store.DeleteAsync(name, ct);
        return result.IsOk ? new TemplatesDeleteResult(result.Value!.Key, true, result.Value) : TemplateRules.NotFound(name);
    }

    /// <summary>
    /// <c>sessions.create</c>: a blank session, or one from <c>template</c> (NOT_FOUND, reason <c>unknown_template</c>, when
    /// there is none). The template's first message is sent after the session is committed; the create answers once that
    /// run has started (<c>firstRunId</c>), not when the model has replied.
    /// </summary>
    public async Task<Outcome<SessionsCreateResult>> CreateSessionAsync(SessionsCreateParams p, Caller caller, CancellationToken ct)
    {
        TemplateEntry? template = null;
        if (p.Template is { } name && (template = store.Find(name)) is null)
        {
            return sessions.CreateRejected(TemplateRules.NotFound(name));
        }

        var created = await sessions.CreateAsync(p, template, ct);
        if (created.Error is not null || template?.FirstMessage is not { } first)
        {
            return created;
        }

        // Resolved here, not injected: the chat feature runs slash commands, and /session new --template comes back here.
        var chat = services.GetRequiredService<ChatService>();
        var sent = await chat.SendAsync(new ChatSendParams(first, created.Value!.Key), caller, ct);
        if (sent.Error is { } failed)
        {
            Log.FirstMessageFailed(logger, created.Value.Key, template.Key, failed.Code.ToString(), failed.Message);
            return created;
        }

        return created.Value with { FirstRunId = sent.Value!.RunId };
    }

    /// <summary>Counts a creation the method table refused before it got here.</summary>
    public MethodError CreateRejected(MethodError error) => sessions.CreateRejected(error);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
