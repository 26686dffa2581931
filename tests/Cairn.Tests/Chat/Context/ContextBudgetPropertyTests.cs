using Cairn.Chat.Context;
using Cairn.Protocol;
using CsCheck;
using Microsoft.Extensions.AI;

namespace Cairn.Tests.Chat.Context;

/// <summary>Properties of every plan, over random transcripts (failed turns, commands, huge messages) and windows.</summary>
public sealed class ContextBudgetPropertyTests
{
    private static readonly string[] Roles = [MessageRoles.User, MessageRoles.User, MessageRoles.User, MessageRoles.Assistant, MessageRoles.Assistant,
        MessageRoles.Assistant, MessageRoles.Command, MessageRoles.Notice];

    private static readonly Gen<(int Role, int Words)> RowGen = Gen.Select(Gen.Int[0, Roles.Length - 1], Gen.Frequency((9, Gen.Int[0, 80]), (1, Gen.Int[500, 4000])));

    private static List<ContextRow> Build(IEnumerable<(int Role, int Words)> spec) =>
        [.. spec.Select((s, i) => ContextRows.Row(i + 1, Roles[s.Role], ContextRows.Words($"m{i + 1}", s.Words)))];

    [Fact]
    public void EveryPlan_AlternatesRoles_AndTheSlidingWindowAlwaysFits()
    {
        Gen.Select(RowGen.List[0, 60], Gen.Int[300, 6000], Gen.Int[10, 95]).Sample((spec, window, percent) =>
        {
            var rows = Build(spec);
            var budget = new ContextBudget(new ContextLimits(window, window / 4, percent));
            var input = new ContextInput("You are helpful.", 4, rows);

            foreach (var plan in new[] { budget.Plan(input), budget.SlidingWindow(input) })
            {
                var roles = plan.Messages.Select(m => m.Role).ToList();
                Assert.DoesNotContain(ChatRole.System, roles.Skip(1));
                var conversation = roles.Where(r => r != ChatRole.System).ToList();
                Assert.All(conversation.Zip(conversation.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
            }

            var fallback = budget.SlidingWindow(input);
            Assert.True(fallback.Fits, $"{fallback.PromptTokens} > {budget.Limits.InputBudget}");
            Assert.InRange(TokenEstimator.Count(fallback.Messages), 0, budget.Limits.InputBudget);
            if (rows.LastOrDefault(r => r.Role is MessageRoles.User or MessageRoles.Assistant) is { Role: MessageRoles.User } last && last.Tokens < window / 4)
            {
                Assert.EndsWith(last.Text, fallback.Messages[^1].Text, StringComparison.Ordinal);
            }
        }, iter: 300);
    }

    [Fact]
    public void ACompaction_NeverSplitsTheKeptPartOffAnAssistantMessage_AndReadsWhatFits()
    {
        Gen.Select(RowGen.List[1, 80], Gen.Int[600, 6000]).Sample((spec, window) =>
        {
            var rows = Build(spec);
            var budget = new ContextBudget(new ContextLimits(window, window / 4, 50));
            var plan = budget.Plan(new ContextInput(null, 0, rows, Force: true));
            if (plan.Compaction is not { } compaction)
            {
                return;
            }

            var next = rows.FirstOrDefault(r => r.Seq > compaction.Covers.To && r.Role is MessageRoles.User or MessageRoles.Assistant);
            Assert.True(next is null || next.Role == MessageRoles.User, $"kept part starts with {next?.Role}");
            Assert.InRange(compaction.Rows.Sum(r => r.Tokens + CompactionPrompt.PerRowTokens) + CompactionPrompt.OverheadTokens, 1, budget.Limits.InputBudget);
        }, iter: 300);
    }
}
