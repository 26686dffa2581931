using System.ClientModel;
using Cairn.Config;
using Cairn.Gateway;
using Cairn.Protocol;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Cairn.Chat.Providers;

/// <summary>Builds the configured model client: the offline echo model, or any OpenAI-compatible endpoint.</summary>
public static class ChatClientFactory
{
    public const string DefaultOpenAiModel = "gpt-4o-mini";

    public static ProviderInfo Describe(ModelConfig model) => model.Provider == "openai"
        ? new ProviderInfo("openai", model.Name ?? DefaultOpenAiModel, Offline: false)
        : new ProviderInfo("echo", EchoChatClient.ModelName, Offline: true);

    /// <summary>The client, or a start-up error naming the missing key.</summary>
    public static IChatClient Create(ModelConfig model, Func<string, string?> environment)
    {
        if (model.Provider != "openai")
        {
            return new EchoChatClient();
        }

        var apiKey = model.ApiKey ?? environment("OPENAI_API_KEY");
        if (apiKey is null && model.BaseUrl is null)
        {
            throw new GatewayStartException("model.provider is openai but no API key is set: set model.apiKey or the OPENAI_API_KEY environment variable.");
        }

        var options = new OpenAIClientOptions { NetworkTimeout = TimeSpan.FromSeconds(model.TimeoutSeconds) };
        if (model.BaseUrl is { } baseUrl)
        {
            options.Endpoint = new Uri(baseUrl);
        }

        // A local OpenAI-compatible server often needs no key; the SDK still wants a non-empty one.
        var client = new OpenAI.Chat.ChatClient(model.Name ?? DefaultOpenAiModel, new ApiKeyCredential(apiKey ?? "no-key"), options);
        return client.AsIChatClient();
    }
}
