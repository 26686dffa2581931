using System.Net.Http.Headers;
using System.Text.Json;
using Cairn.Protocol;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Observability;

/// <summary>Scraping, probing, and a stand-in <c>chat.history</c> for gateways that do not have the real one.</summary>
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

    /// <summary>
    /// Makes sure the method table has a <c>chat.history</c>: the real one once the chat runtime is in, else a
    /// stand-in that answers any session key, so the switch tracking in the dispatcher can be exercised.
    /// </summary>
    public static void EnsureChatHistory(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(MethodTable));
        services.AddSingleton(sp =>
        {
            var table = original.ImplementationFactory is { } factory ? (MethodTable)factory(sp) : (MethodTable)original.ImplementationInstance!;
            if (!table.Contains("chat.history"))
            {
                table.Add<StandInHistoryParams, StandInHistoryResult>("chat.history", "Stand-in for tests.",
                    (p, ctx, ct) => Task.FromResult<Outcome<StandInHistoryResult>>(new StandInHistoryResult(p.SessionKey, [])));
            }

            return table;
        });
    }

    public sealed record StandInHistoryParams(string SessionKey, string? SessionId = null, int? Limit = null, long? Before = null);

    public sealed record StandInHistoryResult(string SessionKey, IReadOnlyList<object> Messages);
}
