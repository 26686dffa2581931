using System.ClientModel;
using System.Net.Sockets;

namespace Cairn.Chat.Providers;

/// <summary>Turns a provider failure into one readable sentence for the chat error event. Never includes keys.</summary>
public static class ProviderErrors
{
    public static string Describe(Exception error)
    {
        // Transport failures arrive wrapped (ClientResultException → HttpRequestException → SocketException):
        // the innermost one that says what happened wins.
        var chain = new List<Exception>();
        for (var inner = error; inner is not null; inner = inner.InnerException)
        {
            chain.Add(inner);
        }

        if (chain.Any(e => e is TimeoutException or TaskCanceledException))
        {
            return Known(new TimeoutException());
        }

        return chain.FirstOrDefault(e => e is SocketException) is { } socket ? Known(socket) : Known(error);
    }

    private static string Known(Exception error) => error switch
    {
        ClientResultException { Status: 401 or 403 } => "The model provider refused the API key (HTTP 401/403). Check model.apiKey or OPENAI_API_KEY.",
        ClientResultException { Status: 429 } => "The model provider is rate limiting or out of quota (HTTP 429). Try again in a moment.",
        ClientResultException { Status: 404 } => "The model provider does not know this model or endpoint (HTTP 404). Check model.name and model.baseUrl.",
        ClientResultException { Status: >= 500 } e => $"The model provider failed (HTTP {e.Status}). Try again later.",
        ClientResultException { Status: 0 } e when e.InnerException is { } inner => Known(inner),
        ClientResultException e => $"The model provider answered HTTP {e.Status}.",
        HttpRequestException { InnerException: SocketException } or SocketException =>
            "Could not reach the model provider (connection refused or no route). Is model.baseUrl right and the server running?",
        HttpRequestException e => $"Could not talk to the model provider: {e.Message}",
        TimeoutException or TaskCanceledException => "The model provider did not answer in time (model.timeoutSeconds).",
        _ when error.InnerException is { } inner => Known(inner),
        _ => "The model provider failed unexpectedly; the gateway log has details.",
    };
}
