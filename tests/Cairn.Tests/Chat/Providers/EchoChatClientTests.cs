using Cairn.Chat.Providers;
using Cairn.Config;
using Microsoft.Extensions.AI;

namespace Cairn.Tests.Chat.Providers;

/// <summary>The offline echo model honours max output tokens and, when given one, a small context window.</summary>
public sealed class EchoChatClientTests
{
    [Fact]
    public async Task WithAWindow_APromptOfMoreWords_FailsLikeLlamaCpp()
    {
        var echo = new EchoChatClient(contextWindow: 10);

        await TimeoutChatClientTests.Collect(echo);
        var big = await Assert.ThrowsAsync<ProviderException>(() =>
            echo.GetResponseAsync([new ChatMessage(ChatRole.User, string.Join(' ', Enumerable.Repeat("word", 11)))]));

        Assert.Equal(ProviderReasons.ContextOverflow, big.Failure.Reason);
        Assert.Equal("request (11 tokens) exceeds the available context size (10 tokens)", big.Failure.Message);
    }

    [Fact]
    public async Task WithoutAWindow_AnySizeIsAnswered_AndMaxOutputTokensCutsTheReply()
    {
        var echo = new EchoChatClient();

        var full = await echo.GetResponseAsync([new ChatMessage(ChatRole.User, string.Join(' ', Enumerable.Repeat("word", 5000)))]);
        var cut = await echo.GetResponseAsync([new ChatMessage(ChatRole.User, "one two three four five")], new ChatOptions { MaxOutputTokens = 3 });

        Assert.Equal(ChatFinishReason.Stop, full.FinishReason);
        Assert.Equal("Echo: one two", cut.Text);
        Assert.Equal(ChatFinishReason.Length, cut.FinishReason);
        Assert.Equal(3, cut.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task TheGatewaysEcho_WithNoWindowConfigured_EnforcesItsDefaultOf2048()
    {
        var echo = ChatClientFactory.Create(CairnConfig.Default.Model, _ => null);
        static ChatMessage Words(int n) => new(ChatRole.User, string.Join(' ', Enumerable.Repeat("word", n)));

        var fits = await echo.GetResponseAsync([Words(ModelConfig.EchoDefaultContextWindow)]);
        var big = await Assert.ThrowsAsync<ProviderException>(() => echo.GetResponseAsync([Words(ModelConfig.EchoDefaultContextWindow + 1)]));

        Assert.StartsWith("Echo: word", fits.Text, StringComparison.Ordinal);
        Assert.Equal(ProviderReasons.ContextOverflow, big.Failure.Reason);
        Assert.Equal("request (2049 tokens) exceeds the available context size (2048 tokens)", big.Failure.Message);
    }
}
