namespace Cairn.Store;

/// <summary>
/// The store cannot keep a value as given: PostgreSQL's text cannot hold the NUL character (U+0000), which SQLite
/// stores. A client's mistake, not a bug, so callers answer it as <c>INVALID_REQUEST</c>.
/// </summary>
public sealed class StoreInputException(Exception inner)
    : Exception("The text contains a NUL character (U+0000), which the PostgreSQL store cannot keep; remove it.", inner);
