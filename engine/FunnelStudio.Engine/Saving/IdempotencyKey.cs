namespace FunnelStudio.Saving;

/// <summary>
/// A client's <c>Idempotency-Key</c>, stored with the record its save wrote, in the same transaction:
/// a retry of the same request finds that record instead of writing a second one. Keys belong to one
/// user and live <see cref="Lifetime"/>.
/// </summary>
/// <param name="UserId">Whose key it is: two users may use the same key.</param>
/// <param name="Key">The header's value (at most <see cref="MaxLength"/> printable ASCII characters).</param>
/// <param name="RequestHash">A hash of the request (method, path, body): the same key with another request is refused.</param>
public sealed record IdempotencyKey(string UserId, string Key, string RequestHash)
{
    public const int MaxLength = 200;

    /// <summary>How long a key is remembered; an older one no longer matches and is purged.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
}

/// <summary>
/// Another save already stored this user's <see cref="IdempotencyKey"/>: nothing of this save was
/// written. The caller looks the key up again and answers with the record stored under it.
/// </summary>
public sealed class IdempotencyKeyConflictException(string message, Exception? inner = null) : Exception(message, inner);
