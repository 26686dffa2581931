using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace Cairn.Chat.Context;

/// <summary>
/// Estimates prompt sizes in tokens with the o200k tokenizer (Microsoft.ML.Tokenizers), plus a correction factor
/// learned from what the provider reports, so a model with another tokenizer (or chat template) converges.
/// Count each message once with <see cref="Count(string)"/> when it is written and keep the number
/// (<see cref="ContextRow.Tokens"/>); after each call, pass the plan's raw estimate and the reported input tokens
/// to <see cref="Observe"/>. One instance per configured model; thread-safe.
/// </summary>
public sealed class TokenEstimator
{
    /// <summary>Role and separators of one chat message, as in OpenAI's chat format.</summary>
    public const int PerMessageOverhead = 4;

    /// <summary>The priming of the assistant's reply, once per request.</summary>
    public const int PerRequestOverhead = 3;

    private const double MinCorrection = 0.5;
    private const double MaxCorrection = 4.0;

    /// <summary>
    /// The vocabulary is loaded by the first count, not at start-up: it costs ~0.3 s of CPU and ~50 MB of memory (~25 MB
    /// of it live), which a gateway that is not chatting does not need (issue 20; docs/decisions.md "The tokenizer loads
    /// on the first count"). The first message after a start waits for it once; concurrent first counts wait together.
    /// </summary>
    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    private static int _preparing;
    private readonly Lock _lock = new();
    private double _correction = 1.0;
    private bool _observed;

    /// <summary>Reported ÷ estimated input tokens, smoothed; 1 until the first observation.</summary>
    public double Correction
    {
        get
        {
            lock (_lock)
            {
                return _correction;
            }
        }
    }

    /// <summary>
    /// Starts loading the vocabulary in the background, once, when a conversation is opened (<c>chat.history</c>: the
    /// chat view reads it before its user types), so that the first message after a start seldom waits for it.
    /// </summary>
    public static void Prepare()
    {
        if (!O200k.IsValueCreated && Interlocked.Exchange(ref _preparing, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static _ => _ = O200k.Value, null);
        }
    }

    /// <summary>Raw o200k tokens of a text (no per-message overhead). Cache the result per message.</summary>
    public static int Count(string text) => text.Length == 0 ? 0 : O200k.Value.CountTokens(text);

    /// <summary>Raw tokens of a whole request, overheads included (for messages that were not counted before).</summary>
    public static int Count(IEnumerable<ChatMessage> messages) =>
        PerRequestOverhead + messages.Sum(m => Count(m.Text) + PerMessageOverhead);

    /// <summary>A raw count in the provider's tokens.</summary>
    public int Correct(int rawTokens) => Apply(rawTokens, Correction);

    public static int Apply(int rawTokens, double correction) => (int)Math.Ceiling(rawTokens * correction);

    /// <summary>
    /// Learns from one call: <paramref name="estimatedRawTokens"/> is <see cref="ContextPlan.RawPromptTokens"/> of what
    /// was sent, <paramref name="reportedInputTokens"/> the provider's <c>UsageDetails.InputTokenCount</c>. The first
    /// observation is taken as it is, later ones move the factor halfway; it stays within 0.5–4.
    /// </summary>
    public void Observe(int estimatedRawTokens, long reportedInputTokens)
    {
        if (estimatedRawTokens <= 0 || reportedInputTokens <= 0)
        {
            return;
        }

        var ratio = Math.Clamp(reportedInputTokens / (double)estimatedRawTokens, MinCorrection, MaxCorrection);
        lock (_lock)
        {
            _correction = _observed ? (_correction + ratio) / 2 : ratio;
            _observed = true;
        }
    }
}
