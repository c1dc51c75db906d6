namespace FunnelStudio.Saving;

/// <summary>
/// The store cannot take a save now; nothing about the save itself is wrong, and the caller may try
/// again after <see cref="RetryAfter"/>. HTTP answers 503 with <c>Retry-After</c>.
/// </summary>
public abstract class StoreUnavailableException(string message, TimeSpan retryAfter, Exception? inner)
    : Exception(message, inner)
{
    /// <summary>How long the caller should wait before trying again.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Too many saves are already waiting for the database (the bounded create queue is full): refused
/// at once, before anything is written, instead of waiting for minutes.
/// </summary>
public sealed class StoreOverloadedException(string message)
    : StoreUnavailableException(message, TimeSpan.FromSeconds(1), null);

/// <summary>
/// The database cannot be reached, or could not be reached to find out whether a save whose
/// connection broke was stored. The save may or may not be stored: a client that retries with the
/// same <c>Idempotency-Key</c> gets the stored record, or stores it now, never twice.
/// </summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null)
    : StoreUnavailableException(message, TimeSpan.FromSeconds(5), inner);
