namespace Cairn.Chat.Providers;

/// <summary>The provider pipeline's log messages (event ids 120–139). Never logs message text or keys.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Model call failed ({Reason}); retry {Attempt} of {MaxRetries} in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string reason, int attempt, int maxRetries, long delayMs);

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning, Message = "Model call timed out: {Which}")]
    public static partial void TimedOut(ILogger logger, string which);

    [LoggerMessage(EventId = 122, Level = LogLevel.Warning, Message = "Model call failed: {Reason} (HTTP {Status})")]
    public static partial void CallFailed(ILogger logger, string reason, int? status, Exception exception);

    [LoggerMessage(EventId = 123, Level = LogLevel.Information, Message = "Model provider is {State} ({Reason})")]
    public static partial void HealthChanged(ILogger logger, string state, string? reason);

    [LoggerMessage(EventId = 124, Level = LogLevel.Debug, Message = "Context window probe of {Url} failed")]
    public static partial void ProbeFailed(ILogger logger, string url, Exception exception);
}
