namespace Cairn.Store;

/// <summary>
/// A reset the caller decided on, for the store to carry out in one transaction: the new generation's id, the
/// notice to open it with (the reset policy says why it reset), and, when the decision was made on a row read
/// earlier, that row: the reset then happens only if the generation and its last message are still the same
/// (otherwise the status is <see cref="StoreStatus.RevMismatch"/> and nothing changes).
/// </summary>
public sealed record ResetPlan(string NewSessionId, string? Notice = null, SessionEntry? DecidedOn = null);
