namespace Cairn.Chat.Providers;

/// <summary>The light health probe of an OpenAI-compatible server: <c>GET {baseUrl}/models</c> within a short timeout.</summary>
public static class ProviderProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Null when the server answered 2xx, else the classified failure.</summary>
    public static async Task<ProviderFailure?> ModelsAsync(HttpClient http, Uri baseUrl, TimeSpan timeout, TimeProvider time, string? secret,
        CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            using var response = await http.GetAsync(new Uri(ContextWindowProbe.WithSlash(baseUrl), "models"), linked.Token);
            return response.IsSuccessStatusCode
                ? null
                : ProviderErrors.FromResponse((int)response.StatusCode, await response.Content.ReadAsStringAsync(linked.Token), null, secret);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && limit.IsCancellationRequested))
        {
            return limit.IsCancellationRequested
                ? new ProviderFailure(ProviderReasons.Timeout, "The model provider did not answer the health probe in time.") { Retryable = true }
                : ProviderErrors.Classify(ex, secret, time);
        }
    }
}
