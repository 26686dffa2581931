using Cairn.Chat.Context;
using Cairn.Protocol;
using Microsoft.Extensions.AI;
using static Cairn.Tests.Chat.Context.ContextRows;

namespace Cairn.Tests.Chat.Context;

/// <summary>The token budget: what is sent, when compaction is due, what it covers, and the sliding-window fallback.</summary>
public sealed class ContextBudgetTests
{
    // Window 4000, output 500: input budget 3500, threshold 2800, summary 500, keep about 1150 tokens.
    private static readonly ContextBudget Budget = new(new ContextLimits(4000, 500, 80));

    private static ContextInput Input(IReadOnlyList<ContextRow> rows, string? system = "Be brief.", double correction = 1, bool force = false) =>
        new(system, system is null ? 0 : TokenEstimator.Count(system), rows, correction, force);

    private static List<(ChatRole Role, string Text)> Sent(ContextPlan plan) => [.. plan.Messages.Select(m => (m.Role, m.Text))];

    [Fact]
    public void ARegeneratedReply_ReplacesTheOneBeforeIt_AndARegenerationSendsNoReplyAfterTheQuestion()
    {
        var rows = new List<ContextRow> { User(1, "Name a colour"), Assistant(2, "Red"), Assistant(3, "Blue"), User(4, "Why?") };

        Assert.Equal([(ChatRole.System, "Be brief."), (ChatRole.User, "Name a colour"), (ChatRole.Assistant, "Blue"), (ChatRole.User, "Why?")],
            Sent(Budget.Plan(Input(rows))));
        var again = Budget.Plan(Input(rows[..3]) with { Regenerate = true });
        Assert.Equal([(ChatRole.System, "Be brief."), (ChatRole.User, "Name a colour")], Sent(again));
        Assert.Equal([(ChatRole.System, "Be brief."), (ChatRole.User, "Name a colour")], Sent(Budget.SlidingWindow(Input(rows[..2]) with { Regenerate = true })));
    }

    [Fact]
    public void Limits_FollowFromWindowOutputAndPercent()
    {
        var limits = Budget.Limits;

        Assert.Equal((3500, 2800, 500, 1150), (limits.InputBudget, limits.Threshold, limits.SummaryTokens, limits.KeepTokens));
        Assert.Equal(64, new ContextLimits(128, 1024, 80).MaxOutputTokens);
    }

    [Fact]
    public void AShortConversation_IsSentWhole_WithItsSystemPrompt_AndCountedExactly()
    {
        var rows = new List<ContextRow> { User(1, "Hi there"), Assistant(2, "Hello!"), User(3, "How are you?") };

        var plan = Budget.Plan(Input(rows));

        Assert.Equal([(ChatRole.System, "Be brief."), (ChatRole.User, "Hi there"), (ChatRole.Assistant, "Hello!"), (ChatRole.User, "How are you?")], Sent(plan));
        Assert.Equal(TokenEstimator.Count(plan.Messages), plan.RawPromptTokens);
        Assert.True(plan.Fits);
        Assert.False(plan.CompactionDue);
    }

    [Fact]
    public void CommandsAndNotices_AreNeverSent()
    {
        var rows = new List<ContextRow>
        {
            User(1, "hello"), Row(2, MessageRoles.Command, "/session info"), Row(3, MessageRoles.Notice, "Session main"), Assistant(4, "hi"), User(5, "bye"),
        };

        var plan = Budget.Plan(Input(rows, system: null));

        Assert.Equal([(ChatRole.User, "hello"), (ChatRole.Assistant, "hi"), (ChatRole.User, "bye")], Sent(plan));
    }

    [Fact]
    public void AnUnansweredUserMessage_IsMergedWithTheNext_SoRolesAlternate()
    {
        var rows = new List<ContextRow> { User(1, "first"), Assistant(2, "ok"), User(3, "lost to an error"), User(4, "are you there?") };

        var plan = Budget.Plan(Input(rows, system: null));

        Assert.Equal([(ChatRole.User, "first"), (ChatRole.Assistant, "ok"), (ChatRole.User, "lost to an error\n\nare you there?")], Sent(plan));
        Assert.Equal([3L], plan.MergedSeqs);
    }

    [Fact]
    public void PastTheThreshold_CompactionIsDue_ForTheOlderPart_KeepingRecentTurnsFromAUserMessage()
    {
        var rows = Turns(40, 20);

        var plan = Budget.Plan(Input(rows));

        Assert.True(plan.PromptTokens > Budget.Limits.Threshold);
        var covers = plan.Compaction!.Covers;
        Assert.Equal(1, covers.From);
        var kept = rows.Where(r => r.Seq > covers.To).ToList();
        Assert.Equal(MessageRoles.User, kept[0].Role);
        Assert.Contains(rows[^2], kept);
        Assert.InRange(kept.Sum(r => r.Tokens + TokenEstimator.PerMessageOverhead), 1, Budget.Limits.KeepTokens);
        Assert.Equal(rows.Where(r => r.Seq <= covers.To), plan.Compaction.Rows);
    }

    [Fact]
    public void BelowTheThreshold_NothingIsDue_UnlessForced_AndForcingKeepsLess()
    {
        var rows = Turns(15, 20);

        var normal = Budget.Plan(Input(rows));
        var forced = Budget.Plan(Input(rows, force: true));

        Assert.False(normal.CompactionDue);
        Assert.True(forced.CompactionDue);
        Assert.InRange(rows.Where(r => r.Seq > forced.Compaction!.Covers.To).Sum(r => r.Tokens + 4), 1, Budget.Limits.KeepTokens / 2);
    }

    [Fact]
    public void TheCorrection_MakesCompactionDueSooner()
    {
        var rows = Turns(30, 20);

        Assert.False(Budget.Plan(Input(rows)).CompactionDue);
        Assert.True(Budget.Plan(Input(rows, correction: 2)).CompactionDue);
    }

    [Fact]
    public void ASummary_StandsInForTheRowsItCovers_InTheSystemMessage()
    {
        var rows = Turns(10, 5);
        rows.Add(Summary(21, "The user asked ten questions.", 1, 14));
        rows.AddRange(Turns(1, 5, firstSeq: 22));

        var plan = Budget.Plan(Input(rows));

        var system = plan.Messages[0].Text;
        Assert.StartsWith("Be brief.\n\nSummary of the earlier conversation (messages 1–14;", system, StringComparison.Ordinal);
        Assert.EndsWith("The user asked ten questions.", system, StringComparison.Ordinal);
        Assert.Equal(rows.Where(r => r.Seq is >= 15 and not 21).Select(r => r.Text), plan.Messages.Skip(1).Select(m => m.Text));
        Assert.Equal(ChatRole.User, plan.Messages[1].Role);
    }

    [Fact]
    public void TheNextCompaction_ReadsTheEarlierSummary_AndItsSummaryReplacesIt()
    {
        var rows = Turns(7, 30);
        rows.Add(Summary(15, "Earlier: the user asked seven questions.", 1, 8));
        rows.AddRange(Turns(40, 30, firstSeq: 16));

        var plan = Budget.Plan(Input(rows));

        Assert.Equal("Earlier: the user asked seven questions.", plan.Compaction!.Rows[0].Text);
        Assert.Equal(1, plan.Compaction.Covers.From);
        Assert.True(plan.Compaction.Covers.To > 15);
        rows.Add(Summary(200, "Everything so far.", plan.Compaction.Covers.From, plan.Compaction.Covers.To));
        var after = Budget.Plan(Input(rows));
        Assert.DoesNotContain("seven questions", after.Messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("Everything so far.", after.Messages[0].Text, StringComparison.Ordinal);
        Assert.False(after.CompactionDue);
    }

    [Fact]
    public void ALongGeneration_IsCompactedInChunks_UntilItFits()
    {
        var rows = Turns(300, 25);
        var seq = rows[^1].Seq;
        var rounds = 0;
        var plan = Budget.Plan(Input(rows));
        while (plan.CompactionDue)
        {
            var input = plan.Compaction!;
            Assert.True(input.Rows.Sum(r => r.Tokens + CompactionPrompt.PerRowTokens) + CompactionPrompt.OverheadTokens <= Budget.Limits.InputBudget);
            rows.Add(Summary(++seq, Words($"summary{rounds}", 60), input.Covers.From, input.Covers.To));
            plan = Budget.Plan(Input(rows));
            Assert.True(++rounds < 40, "compaction does not converge");
        }

        Assert.True(plan.Fits);
        Assert.True(plan.PromptTokens <= Budget.Limits.Threshold);
        Assert.Single(plan.Messages, m => m.Role == ChatRole.System);
        Assert.Equal(rows.Last(r => r.Role == MessageRoles.User).Text, plan.Messages[^2].Text);
    }

    [Fact]
    public void TheOldestTurn_TooLargeToRead_IsSummarisedCut()
    {
        var rows = new List<ContextRow> { User(1, Words("huge", 5000)), Assistant(2, "noted"), User(3, "and now?") };

        var plan = Budget.Plan(Input(rows));

        Assert.False(plan.Fits);
        Assert.Equal(new SeqRange(1, 2), plan.Compaction!.Covers);
        Assert.Contains("tokens cut here to fit the model's context window", plan.Compaction.Rows[0].Text, StringComparison.Ordinal);
        Assert.True(plan.Compaction.Rows.Sum(r => r.Tokens + CompactionPrompt.PerRowTokens) + CompactionPrompt.OverheadTokens <= Budget.Limits.InputBudget);
    }

    [Fact]
    public void SlidingWindow_SendsTheMostRecentTurnsThatFit_StartingWithAUserMessage()
    {
        var rows = Turns(100, 20);

        var plan = Budget.SlidingWindow(Input(rows));

        Assert.True(plan.Fits);
        Assert.Equal(ChatRole.User, plan.Messages[1].Role);
        Assert.Equal(rows[^1].Text, plan.Messages[^1].Text);
        Assert.Equal(plan.Messages[1].Text, rows.Single(r => r.Seq == plan.OmittedBefore).Text);
        Assert.True(plan.PromptTokens > Budget.Limits.InputBudget - 60, "the window should be nearly full");
    }

    [Fact]
    public void SlidingWindow_CutsAMessageThatAloneIsTooLarge_WithAMarker()
    {
        var huge = Words("start", 5000) + " the question at the end";
        var rows = new List<ContextRow> { User(1, huge) };

        var normal = Budget.Plan(Input(rows));
        var plan = Budget.SlidingWindow(Input(rows));

        Assert.False(normal.Fits);
        Assert.False(normal.CompactionDue);
        Assert.True(plan.Fits);
        Assert.True(plan.Truncated);
        var sent = plan.Messages[^1].Text;
        Assert.StartsWith("start", sent, StringComparison.Ordinal);
        Assert.EndsWith("the question at the end", sent, StringComparison.Ordinal);
        Assert.Contains("cut here to fit", sent, StringComparison.Ordinal);
        Assert.True(TokenEstimator.Count(plan.Messages) <= Budget.Limits.InputBudget);
    }

    [Fact]
    public void SlidingWindow_DropsSummariesBeforeTheConversation_WhenTheyCrowdItOut()
    {
        var rows = new List<ContextRow> { Summary(10, Words("long-summary", 2500), 1, 9), User(11, "latest question") };

        var plan = Budget.SlidingWindow(Input(rows));

        Assert.DoesNotContain("long-summary", plan.Messages[0].Text, StringComparison.Ordinal);
        Assert.Equal("latest question", plan.Messages[^1].Text);
        Assert.True(plan.Fits);
    }

    [Fact]
    public void AnEmptyGeneration_SendsOnlyTheSystemPrompt()
    {
        var plan = Budget.Plan(Input([]));

        Assert.Equal([(ChatRole.System, "Be brief.")], Sent(plan));
        Assert.False(plan.CompactionDue);
    }
}
