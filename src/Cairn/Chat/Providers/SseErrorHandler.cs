namespace Cairn.Chat.Providers;

/// <summary>
/// Sits on the OpenAI SDK's HTTP transport and watches streamed (<c>text/event-stream</c>) responses for an error
/// sent inside an HTTP 200 stream — <c>data: {"error": {…}}</c> (OpenAI, mock-llm), <c>error: {…}</c> (older
/// llama.cpp) or an <c>event: error</c> — which the SDK would otherwise parse as an empty update and end as a
/// success. Such a line raises a <see cref="ProviderException"/> from the stream read.
/// </summary>
public sealed class SseErrorHandler(string? secret) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            return response;
        }

        var original = response.Content;
        var watched = new StreamContent(new SseErrorStream(await original.ReadAsStreamAsync(cancellationToken), secret));
        foreach (var header in original.Headers)
        {
            watched.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = watched;
        return response;
    }
}
