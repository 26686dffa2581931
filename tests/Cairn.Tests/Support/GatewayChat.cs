using Cairn.Protocol;

namespace Cairn.Tests.Support;

/// <summary>Chat through a test gateway's protocol: a waited send, and the whole current transcript paged out of <c>chat.history</c>.</summary>
public static class GatewayChat
{
    /// <summary>The safety cap on one waited send; a bound for a hung test, never a timing assertion.</summary>
    public static readonly TimeSpan SendCap = TimeSpan.FromSeconds(60);

    /// <summary><c>chat.send</c> with <c>wait</c>: the run's end.</summary>
    public static Task<ChatSendResult> SendAsync(this TestGateway gw, string sessionKey, string message) =>
        gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(message, sessionKey, Wait: true)).WaitAsync(SendCap);

    /// <summary>Every row of the session's current generation, oldest first.</summary>
    public static async Task<List<TranscriptMessage>> AllRowsAsync(this TestGateway gw, string sessionKey)
    {
        var all = new List<TranscriptMessage>();
        long? before = null;
        while (true)
        {
            var page = (await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams(sessionKey, Limit: 500, Before: before))).Messages;
            all.InsertRange(0, page);
            if (page.Count < 500)
            {
                return all;
            }

            before = page[0].Seq;
        }
    }

    /// <summary>A persistent session (the kind that must never become unusable); returns its key.</summary>
    public static async Task<string> PersistentSessionAsync(this TestGateway gw, string label = "Forever") =>
        (await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label, Persistent: true))).Key;
}
