using Cairn.Chat.Context;
using Cairn.Store;

namespace Cairn.Chat;

/// <summary>
/// The reply stored as it grows: its row is written at the first text and rewritten at most every
/// <see cref="SaveInterval"/> while text keeps coming, so a gateway that dies mid-reply (a killed replica, a crash) loses
/// at most that much of it; the run's end finalises the same row (<see cref="TranscriptStore.FinishPartialAsync"/>).
/// A save that fails for want of the store is logged and tried again a second later, any other failure stops the saving;
/// the reply itself goes on either way, and its end writes it (or reports that write's failure).
/// </summary>
public sealed partial class ChatRunner
{
    public static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);

    /// <summary>When the loop must wake to save text that is not stored yet; null when all of it is (or saving stopped).</summary>
    private TimeSpan? SaveDue(RunReply reply)
    {
        if (!reply.PartialOpen || reply.PartialStopped || reply.Text.Length == reply.SavedLength)
        {
            return null;
        }

        var left = SaveInterval - time.GetElapsedTime(reply.SavedAt);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Stores the reply so far when it is due: at once for the first text, then once per <see cref="SaveInterval"/>.</summary>
    private async Task SavePartialIfDueAsync(ChatRun run, RunReply reply)
    {
        if (!reply.PartialOpen || reply.PartialStopped || reply.Text.Length == reply.SavedLength
            || (reply.PartialSeq is not null && time.GetElapsedTime(reply.SavedAt) < SaveInterval))
        {
            return;
        }

        var text = reply.Text.ToString();
        reply.SavedAt = time.GetTimestamp();
        try
        {
            var seq = await transcripts.SavePartialAsync(run.SessionKey, reply.Generation, reply.PartialSeq, run.RunId, text,
                TokenEstimator.Count(text), Now, CancellationToken.None);
            if (seq is null)
            {
                // The session or its generation is gone (deleted, purged): the end's write is refused the same way.
                reply.PartialOpen = false;
                return;
            }

            reply.PartialSeq = seq;
            reply.SavedLength = text.Length;
        }
        catch (StoreUnavailableException ex)
        {
            // The disk or the database is away for now: tried again in a second.
            Log.StoreFailed(logger, run.RunId, run.SessionKey, "chat.partial", ex);
            metrics.StorageError("chat.partial");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not the provider's failure, and not one a second try mends: the reply goes on, and its end writes it.
            Log.StoreFailed(logger, run.RunId, run.SessionKey, "chat.partial", ex);
            metrics.StorageError("chat.partial");
            reply.PartialStopped = true;
        }
    }

    /// <summary>A run that ends without finalising its stored row (its final write failed): the row is marked interrupted, not left streaming.</summary>
    private async Task CloseOpenPartialAsync(ChatRun run, RunReply reply)
    {
        if (reply.PartialSeq is null || !reply.PartialOpen)
        {
            return;
        }

        try
        {
            await transcripts.InterruptAsync(run.SessionKey, run.RunId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Never fails the run's end: a row left streaming is marked by the next start (or the fleet's leader).
            Log.StoreFailed(logger, run.RunId, run.SessionKey, "chat.partial", ex);
        }
    }
}
