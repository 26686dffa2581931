using Cairn.Chat.Context;
using Microsoft.Extensions.AI;

namespace Cairn.Tests.Chat.Context;

public sealed class TokenEstimatorTests
{
    private static readonly string[] Vocabulary =
    [
        "the", "conversation", "model", "remember", "session", "because", "window", "tokens", "we", "should", "travel", "Lisbon",
        "budget", "night", "train", "planning", "question", "answer", "important", "details", "about", "with", "and", "it",
    ];

    [Fact]
    public void Count_UsesTheO200kTokenizer()
    {
        Assert.Equal(0, TokenEstimator.Count(""));
        Assert.Equal(2, TokenEstimator.Count("Hello world"));
        Assert.InRange(TokenEstimator.Count(string.Join(' ', Enumerable.Repeat("conversation", 100))), 100, 120);
    }

    [Fact]
    public void ARequest_AddsPerMessageAndPerRequestOverhead()
    {
        var messages = new[] { new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Hello world") };

        Assert.Equal(TokenEstimator.PerRequestOverhead + (2 * TokenEstimator.PerMessageOverhead) + TokenEstimator.Count("Be brief.") + 2,
            TokenEstimator.Count(messages));
    }

    [Fact]
    public void TheCorrection_StartsAtOne_TakesTheFirstObservation_ThenMovesHalfway()
    {
        var estimator = new TokenEstimator();
        Assert.Equal(1.0, estimator.Correction);

        estimator.Observe(100, 150);
        Assert.Equal(1.5, estimator.Correction, 3);
        Assert.Equal(150, estimator.Correct(100));

        estimator.Observe(100, 130);
        Assert.Equal(1.4, estimator.Correction, 3);
    }

    [Fact]
    public void AModelWithAnotherTokenizer_Converges()
    {
        // The "model" counts a token per three characters plus eight per request: nothing like o200k on prose.
        static int ModelCount(string text) => (text.Length / 3) + 8;
        static int Estimate(string text) => TokenEstimator.Count(text) + TokenEstimator.PerMessageOverhead + TokenEstimator.PerRequestOverhead;
        var random = new Random(14);
        string Prose(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));
        var estimator = new TokenEstimator();

        foreach (var text in Enumerable.Range(0, 10).Select(i => Prose(60 + (i * 10))))
        {
            estimator.Observe(Estimate(text), ModelCount(text));
        }

        var probe = Prose(120);
        var truth = ModelCount(probe);
        Assert.NotInRange(Estimate(probe), (int)(truth * 0.8), (int)(truth * 1.2));
        Assert.InRange(estimator.Correct(Estimate(probe)), (int)(truth * 0.9), (int)(truth * 1.1));
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(100, 0)]
    [InlineData(-5, 10)]
    public void NothingToLearnFrom_IsIgnored(int estimated, long reported)
    {
        var estimator = new TokenEstimator();

        estimator.Observe(estimated, reported);

        Assert.Equal(1.0, estimator.Correction);
    }

    [Fact]
    public void TheCorrection_StaysWithinBounds()
    {
        var estimator = new TokenEstimator();

        estimator.Observe(10, 10_000);
        Assert.Equal(4.0, estimator.Correction);
        estimator.Observe(10_000, 1);
        Assert.Equal(2.25, estimator.Correction, 3);
    }
}
