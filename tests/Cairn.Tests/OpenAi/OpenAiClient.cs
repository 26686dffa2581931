using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cairn.Config;
using Cairn.Tests.Support;

namespace Cairn.Tests.OpenAi;

/// <summary>Raw HTTP against <c>/v1</c> of a test gateway, for the wire-format checks (the SDK test uses the real client).</summary>
public static class OpenAiClient
{
    public static Task<TestGateway> StartAsync(bool enabled = true) =>
        TestGateway.StartAsync(c => c with { Gateway = c.Gateway with { OpenAi = new OpenAiConfig(enabled) } });

    public static async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(TestGateway gw, object body,
        IReadOnlyDictionary<string, string>? headers = null, string? token = null)
    {
        var (status, text, response) = await PostRawAsync(gw, JsonSerializer.Serialize(body), headers, token);
        return (status, JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    public static async Task<(int Status, string Text, HttpResponseMessage Response)> PostRawAsync(TestGateway gw, string body,
        IReadOnlyDictionary<string, string>? headers = null, string? token = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? gw.Token);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var response = await gw.Http.SendAsync(request, timeout.Token);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token), response);
    }

    public static async Task<(int Status, JsonElement Body)> GetAsync(TestGateway gw, string path, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? gw.Token);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await gw.Http.SendAsync(request, timeout.Token);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token)).RootElement.Clone());
    }

    public static object User(string text, string model = "cairn:main", bool stream = false) =>
        new { model, stream, messages = new[] { new { role = "user", content = text } } };

    /// <summary>The <c>data:</c> payloads of a server-sent event stream, in order.</summary>
    public static List<string> Events(string stream) =>
        [.. stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim()).Where(e => e.StartsWith("data: ", StringComparison.Ordinal))
            .Select(e => e["data: ".Length..])];

    /// <summary>The error object of an OpenAI-shaped error body, checked for its four fields.</summary>
    public static JsonElement Error(JsonElement body)
    {
        var error = body.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("param", out _));
        Assert.Equal(JsonValueKind.String, error.GetProperty("code").ValueKind);
        return error;
    }
}
