using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// <c>Idempotency-Key</c> on the POSTs that write a record. The key is stored with the record in the
/// save's own transaction, per user, for <see cref="IdempotencyKey.Lifetime"/>. A retry with the same
/// key and the same request (method, path, body) gets the record that request stored, marked
/// <c>Idempotent-Replayed: true</c>, and writes nothing; the same key with another request is
/// refused (422 <c>IDEMPOTENCY_KEY_REUSED</c>). Two requests with one key at once: the database
/// makes the second wait for the first's transaction, then it gets the first's answer.
/// </summary>
public static class IdempotentRequests
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>The request's key (null when it sends none), or a 400 when it is not 1–200 printable ASCII characters.</summary>
    public static (string? Key, IResult? Error) ReadKey(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Header, out var values)) return (null, null);
        var key = values.Count == 1 ? values[0] : null;
        if (string.IsNullOrEmpty(key) || key.Length > IdempotencyKey.MaxLength || key.Any(c => c is < ' ' or > '~'))
            return (null, ApiProblems.BadRequest(
                $"{Header} must be one value of 1 to {IdempotencyKey.MaxLength} printable ASCII characters."));
        return (key, null);
    }

    /// <summary>The key for this user and this request: a SHA-256 of the method, the path and the body.</summary>
    public static IdempotencyKey For(string key, ActingUser user, HttpRequest request, JsonElement body)
    {
        var text = $"{request.Method}\n{request.PathBase}{request.Path}\n{body.GetRawText()}";
        return new IdempotencyKey(user.Id, key, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
    }

    /// <summary>
    /// Runs <paramref name="save"/> with the key, unless the key is already stored: then answers with
    /// <paramref name="replay"/> of the record stored under it (or 422 when it came with another request).
    /// </summary>
    public static async Task<IResult> SaveAsync(HttpRequest request, IdempotencyKey? key, IIdempotencyKeyStore keys,
        Func<Task<IResult>> save, Func<StoredIdempotencyKey, Task<IResult>> replay, CancellationToken cancellationToken)
    {
        if (key is null) return await save();
        if (await keys.FindAsync(key.UserId, key.Key, cancellationToken) is { } stored)
            return await ReplayAsync(request, key, stored, replay);
        try
        {
            return await save();
        }
        catch (IdempotencyKeyConflictException)
        {
            // Another request with this key committed its record while this one was on its way;
            // nothing of this one was written.
            if (await keys.FindAsync(key.UserId, key.Key, cancellationToken) is { } now)
                return await ReplayAsync(request, key, now, replay);
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return ApiProblems.Problem(409, ErrorCodes.IdempotencyInProgress,
                $"Another request with this {Header} is being saved; try again in a moment.");
        }
    }

    private static async Task<IResult> ReplayAsync(HttpRequest request, IdempotencyKey key, StoredIdempotencyKey stored,
        Func<StoredIdempotencyKey, Task<IResult>> replay)
    {
        if (!string.Equals(stored.RequestHash, key.RequestHash, StringComparison.Ordinal))
            return ApiProblems.Problem(422, ErrorCodes.IdempotencyKeyReused,
                $"This {Header} was used with another request in the last {IdempotencyKey.Lifetime.TotalHours:0} hours; use a new key for a new request.");
        request.HttpContext.Response.Headers[ReplayedHeader] = "true";
        return await replay(stored);
    }
}
