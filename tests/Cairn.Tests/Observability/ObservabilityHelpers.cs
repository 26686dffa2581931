using System.Net.Http.Headers;
using System.Text.Json;
using Cairn.Tests.Support;

namespace Cairn.Tests.Observability;

/// <summary>Scraping <c>/metrics</c> and probing <c>/healthz</c> the way an outside client does.</summary>
internal static class ObservabilityHelpers
{
    public static async Task<PrometheusText> ScrapeAsync(this TestGateway gw)
    {
        // No Authorization header: the test client is on loopback, which is what it exercises.
        using var client = new HttpClient { BaseAddress = gw.Host.Address };
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/metrics answered {(int)response.StatusCode}: {text}");
        return PrometheusText.Parse(text);
    }

    public static async Task<(int Status, JsonElement? Body, HttpResponseMessage Response)> GetAsync(TestGateway gw, string path, string? token = null,
        string? forwardedFor = null)
    {
        using var client = new HttpClient { BaseAddress = gw.Host.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement? body = response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonDocument.Parse(text).RootElement.Clone() : null;
        return ((int)response.StatusCode, body, response);
    }
}
