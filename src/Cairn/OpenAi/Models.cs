using Cairn.Chat.Models;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;

namespace Cairn.OpenAi;

/// <summary>
/// The models an OpenAI client can pick: <c>cairn</c> (the caller's active session) and <c>cairn:&lt;key&gt;</c> for
/// every session, so a client's model picker is a session picker. Each session's entry names the configured model
/// its turns use (<c>cairn_model</c>), and the list carries the configured models (<c>cairn_models</c>), Cairn's
/// extensions that OpenAI clients ignore.
/// </summary>
public static class Models
{
    public static ModelList List(SessionService sessions, ModelCatalog catalog, TimeProvider time)
    {
        var models = new List<ModelInfo> { new(SessionTarget.Model, time.GetUtcNow().ToUnixTimeSeconds()) };
        SessionCursor? after = null;
        do
        {
            var page = sessions.Page(new SessionQuery(200, SessionSort.Label, null, null, null, after));
            models.AddRange(page.Sessions.Select(e => Model(sessions.Shown(e))));
            after = page.Next;
        }
        while (after is not null);

        return new ModelList(models) { CairnModels = catalog.Describe() };
    }

    public static ModelInfo? Find(SessionService sessions, string id)
    {
        if (id == SessionTarget.Model)
        {
            return new ModelInfo(id, 0);
        }

        return id.StartsWith(SessionTarget.ModelPrefix, StringComparison.Ordinal) && sessions.Find(id[SessionTarget.ModelPrefix.Length..]) is { } entry
            ? Model(sessions.Shown(entry))
            : null;
    }

    private static ModelInfo Model(SessionEntry entry) => new(SessionTarget.ModelOf(entry.Key), entry.CreatedAt / 1000) { CairnModel = entry.EffectiveModel };
}
