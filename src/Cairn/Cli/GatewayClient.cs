using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>Calls methods of a running gateway over <c>POST /api</c>.</summary>
public sealed class GatewayClient : IDisposable
{
    private readonly HttpClient _http;

    public GatewayClient(ClientSettings settings)
    {
        Settings = settings;
        _http = new HttpClient { BaseAddress = settings.Url, Timeout = TimeSpan.FromSeconds(60) };
        if (settings.Token is { } token)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public ClientSettings Settings { get; }

    public async Task<GatewayReply> CallAsync(string method, object? parameters, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new { method, @params = parameters ?? new { } }, ProtocolJson.Options);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        try
        {
            using var response = await _http.PostAsync(new Uri("api", UriKind.Relative), content, ct);
            return Read(await response.Content.ReadAsStringAsync(ct), (int)response.StatusCode);
        }
        catch (HttpRequestException ex)
        {
            return GatewayReply.NotReached(Settings.Url, Why(ex));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return GatewayReply.NotReached(Settings.Url, "no answer within 60 seconds");
        }
    }

    /// <summary><c>GET /healthz</c>: is anything answering, and which schema version.</summary>
    public async Task<GatewayReply> HealthAsync(CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("healthz", UriKind.Relative), ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            return response.IsSuccessStatusCode
                ? new GatewayReply(JsonDocument.Parse(text).RootElement.Clone())
                : GatewayReply.Fail("UNAVAILABLE", $"The gateway at {Settings.Url} answered /healthz with HTTP {(int)response.StatusCode}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException)
        {
            return GatewayReply.NotReached(Settings.Url, ex is HttpRequestException http ? Why(http) : "not a Cairn gateway");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return GatewayReply.NotReached(Settings.Url, "no answer within 60 seconds");
        }
    }

    public void Dispose() => _http.Dispose();

    private GatewayReply Read(string text, int status)
    {
        try
        {
            var root = JsonDocument.Parse(text).RootElement.Clone();
            if (root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
            {
                return new GatewayReply(root.GetProperty("result"));
            }

            var error = root.GetProperty("error");
            var code = error.GetProperty("code").GetString() ?? "INTERNAL";
            var message = error.GetProperty("message").GetString() ?? "";
            if (code == "UNAUTHORIZED")
            {
                message += Settings.Token is null
                    ? " No token was found: pass --token, or --data-dir for the gateway's data dir."
                    : " The token given does not match this gateway's.";
            }

            return GatewayReply.Fail(code, message);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return GatewayReply.Fail("UNAVAILABLE", $"{Settings.Url} answered HTTP {status} with something that is not a Cairn reply.");
        }
    }

    private static string Why(HttpRequestException ex) =>
        ex.InnerException is SocketException socket ? socket.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : socket.Message : ex.Message;
}
