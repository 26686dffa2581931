using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using Cairn.Config;
using Cairn.Gateway;
using Cairn.Protocol;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;

namespace Cairn.Chat.Providers;

/// <summary>
/// Builds the configured model client: the offline echo model, or any OpenAI-compatible endpoint. The openai client
/// is decorated, outermost first: <see cref="ProviderHealthChatClient"/> (every failure a
/// <see cref="ProviderException"/>, outcomes recorded in <see cref="ProviderHealth"/>) → <see cref="TimeoutChatClient"/>
/// (first token, idle, overall deadline) → <see cref="RetryingChatClient"/> (before the first token only) →
/// <see cref="StreamGuardChatClient"/> (empty or cut-off replies) → the OpenAI SDK with its own retries off and an
/// <see cref="SseErrorHandler"/> on its transport (errors inside a 200 stream). The echo client gets only the health
/// decorator, and its window: <c>model.contextWindow</c>, else <see cref="ModelConfig.EchoDefaultContextWindow"/>.
/// <c>client.GetService&lt;ProviderHealth&gt;()</c> is never null.
/// </summary>
public static class ChatClientFactory
{
    public const string DefaultOpenAiModel = ModelConfig.DefaultOpenAiModel;
    public static readonly Uri DefaultOpenAiBaseUrl = new("https://api.openai.com/v1");

    public static ProviderInfo Describe(ModelConfig model) => model.Provider == "openai"
        ? new ProviderInfo("openai", model.Name ?? DefaultOpenAiModel, Offline: false)
        : new ProviderInfo("echo", EchoChatClient.ModelName, Offline: true);

    /// <summary>The client, or a start-up error naming the missing key.</summary>
    public static IChatClient Create(ModelConfig model, Func<string, string?> environment, TimeProvider? time = null, ILoggerFactory? loggers = null,
        string configKey = "model")
    {
        time ??= TimeProvider.System;
        var logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("Cairn.Chat.Providers");
        if (model.Provider != "openai")
        {
            // Echo enforces its window (2048 unless model.contextWindow says otherwise) as llama.cpp does, so the
            // budget's compaction and overflow recovery run offline too; see docs/configuration.md.
            return new ProviderHealthChatClient(new EchoChatClient(model.ContextWindow ?? model.DefaultContextWindow), new ProviderHealth(time), time, logger);
        }

        var apiKey = ApiKey(model, environment, configKey);
        var baseUrl = model.BaseUrl is { } url ? new Uri(url) : DefaultOpenAiBaseUrl;
        var options = new OpenAIClientOptions
        {
            Endpoint = baseUrl,

            // One retry policy (ours, before the first token) and one set of timeouts (ours): the SDK's would multiply them.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
            Transport = new HttpClientPipelineTransport(new HttpClient(new SseErrorHandler(apiKey) { InnerHandler = new SocketsHttpHandler() })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            }),
        };

        // A local OpenAI-compatible server often needs no key; the SDK still wants a non-empty one.
        var sdk = new OpenAI.Chat.ChatClient(model.Name ?? DefaultOpenAiModel, new ApiKeyCredential(apiKey ?? "no-key"), options).AsIChatClient();
        var probeHttp = ProbeClient(apiKey);
        var health = new ProviderHealth(time, ct => ProviderProbe.ModelsAsync(probeHttp, baseUrl, ProviderProbe.DefaultTimeout, time, apiKey, ct));
        return sdk.AsBuilder()
            .Use(inner => new ProviderHealthChatClient(inner, health, time, logger, apiKey))
            .Use(inner => new TimeoutChatClient(inner, ProviderTimeouts.From(model), time, logger))
            .Use(inner => new RetryingChatClient(inner, ProviderRetryPolicy.From(model), time, logger, secret: apiKey))
            .Use(inner => new StreamGuardChatClient(inner))
            .Build();
    }

    /// <summary>
    /// The window to budget for: <c>model.contextWindow</c> when set; else what the server reports
    /// (<see cref="ContextWindowProbe"/>, openai only); else <see cref="ModelConfig.DefaultContextWindow"/>.
    /// </summary>
    public static async Task<int> ContextWindowAsync(ModelConfig model, Func<string, string?> environment, TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        if (model.ContextWindow is { } configured)
        {
            return configured;
        }

        if (model.Provider != "openai")
        {
            return model.DefaultContextWindow;
        }

        using var http = ProbeClient(ApiKey(model, environment));
        var baseUrl = model.BaseUrl is { } url ? new Uri(url) : DefaultOpenAiBaseUrl;
        var reported = await ContextWindowProbe.ReadAsync(http, baseUrl, model.Name ?? DefaultOpenAiModel, ProviderProbe.DefaultTimeout,
            time ?? TimeProvider.System, cancellationToken);
        return reported ?? model.DefaultContextWindow;
    }

    private static string? ApiKey(ModelConfig model, Func<string, string?> environment, string configKey = "model")
    {
        var apiKey = model.ApiKey ?? environment("OPENAI_API_KEY");
        if (apiKey is null && model.BaseUrl is null)
        {
            throw new GatewayStartException(
                $"{configKey}.provider is openai but no API key is set: set {configKey}.apiKey or the OPENAI_API_KEY environment variable.");
        }

        return apiKey;
    }

    private static HttpClient ProbeClient(string? apiKey)
    {
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return http;
    }
}
