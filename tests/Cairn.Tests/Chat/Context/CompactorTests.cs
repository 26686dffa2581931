using Cairn.Chat.Context;
using Cairn.Chat.Providers;
using Cairn.Config;
using Cairn.Tests.Chat.Providers;
using Cairn.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using static Cairn.Tests.Chat.Context.ContextRows;

namespace Cairn.Tests.Chat.Context;

/// <summary>Compaction with the session's own model: the documented prompt, the echo model's honest summary, typed failures.</summary>
public sealed class CompactorTests
{
    private static readonly CompactionInput Input = new(new SeqRange(1, 4),
        [User(1, "My name is Ada and I am planning a trip to Lisbon in May"), Assistant(2, "Lisbon in May is lovely; what budget do you have?"),
         User(3, "About 2000 euros for ten days, travelling by train"), Assistant(4, "Then consider the night train via Madrid.")]);

    private static Compactor Compactor(IChatClient client) => new(client, NullLogger<Compactor>.Instance);

    [Fact]
    public async Task TheEchoModel_WritesAnHonestMechanicalSummary_OfTheFirstWordsOfEachMessage()
    {
        var client = ChatClientFactory.Create(CairnConfig.Default.Model, _ => null);

        var result = await Compactor(client).CompactAsync(Input, 256);

        Assert.True(result.IsOk);
        Assert.Equal(new SeqRange(1, 4), result.Covers);
        Assert.StartsWith(EchoChatClient.SummaryPreamble, result.Summary, StringComparison.Ordinal);
        Assert.Contains("[User, message 1] My name is Ada and I am planning…", result.Summary, StringComparison.Ordinal);
        Assert.Contains("[Assistant, message 4] Then consider the night train via Madrid.", result.Summary, StringComparison.Ordinal);
        Assert.Equal(TokenEstimator.Count(result.Summary!), result.SummaryTokens);
    }

    [Fact]
    public async Task ASummaryOfSummaries_ReadsTheEarlierSummaryAsInput()
    {
        var client = ChatClientFactory.Create(CairnConfig.Default.Model, _ => null);
        var first = await Compactor(client).CompactAsync(Input, 256);
        var next = new CompactionInput(new SeqRange(1, 7), [Summary(5, first.Summary!, 1, 4), User(6, "Book it for the 3rd"), Assistant(7, "Done.")]);

        var second = await Compactor(client).CompactAsync(next, 256);

        Assert.Contains("[Earlier summary of messages 1–4] Mechanical summary by the offline", second.Summary, StringComparison.Ordinal);
        Assert.Contains("[User, message 6] Book it for the 3rd", second.Summary, StringComparison.Ordinal);
        Assert.True(second.SummaryTokens < first.SummaryTokens + 40);
    }

    [Fact]
    public async Task TheModelGetsTheDocumentedPrompt_NonStreamed_WithTheSummaryLimit_AndTheFocus()
    {
        var model = new ScriptedChatClient();
        model.Scripts.Add(ScriptedChatClient.Says("Ada plans ten days in Lisbon in May on 2000 euros, by train."));

        var result = await Compactor(model).CompactAsync(Input, 300, focus: "travel dates");

        Assert.Equal("Ada plans ten days in Lisbon in May on 2000 euros, by train.", result.Summary);
        Assert.Equal(300, model.Options[0]!.MaxOutputTokens);
        var (system, user) = (model.Sent[0][0], model.Sent[0][1]);
        Assert.StartsWith(CompactionPrompt.Heading, system.Text, StringComparison.Ordinal);
        Assert.Contains("at most 225 words", system.Text, StringComparison.Ordinal);
        Assert.EndsWith("Pay special attention to: travel dates", system.Text, StringComparison.Ordinal);
        Assert.Contains("[User, message 3]\nAbout 2000 euros for ten days, travelling by train", user.Text, StringComparison.Ordinal);
        Assert.Equal(ChatRole.User, user.Role);
        Assert.True(TokenEstimator.Count(CompactionPrompt.Instructions(4096, new string('f', 2000))) < CompactionPrompt.OverheadTokens);
    }

    [Fact]
    public async Task AProviderFailure_IsATypedResult_NotAnException()
    {
        var model = new ScriptedChatClient();
        model.Scripts.Add(ScriptedChatClient.Fails(new ProviderException(new ProviderFailure(ProviderReasons.Unavailable, "connection refused"))));

        var result = await Compactor(model).CompactAsync(Input, 256);

        Assert.False(result.IsOk);
        Assert.Equal(ProviderReasons.Unavailable, result.Failure!.Reason);
        Assert.Equal(new SeqRange(1, 4), result.Covers);
    }

    [Fact]
    public async Task AnEmptySummary_IsAFailure()
    {
        var model = new ScriptedChatClient();
        model.Scripts.Add(ScriptedChatClient.Says("   "));

        var result = await Compactor(model).CompactAsync(Input, 256);

        Assert.Equal(ProviderReasons.ProviderError, result.Failure!.Reason);
    }

    [Fact]
    public async Task TheRealOpenAiProvider_IsAskedWithoutStreaming_AndItsHttpFailureBecomesATypedResult()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var client = ChatClientFactory.Create(CairnConfig.Default.Model with { Provider = "openai", BaseUrl = server.BaseUrl, MaxRetries = 0 }, _ => null);
        server.Chunks = ["Ada plans a trip."];
        server.Replies.Enqueue(FakeReply.Error(400, FakeReply.LlamaCppOverflowBody));

        var failed = await Compactor(client).CompactAsync(Input, 128);
        var ok = await Compactor(client).CompactAsync(Input, 128);

        Assert.Equal(ProviderReasons.ContextOverflow, failed.Failure!.Reason);
        Assert.Equal("Ada plans a trip.", ok.Summary);
        Assert.NotEqual(true, server.Requests.Last()["stream"]?.GetValue<bool>());
    }
}
