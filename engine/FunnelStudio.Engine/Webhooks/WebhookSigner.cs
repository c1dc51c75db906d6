using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FunnelStudio.Webhooks;

/// <summary>
/// Signatures a receiver checks. Every post carries <c>X-FunnelStudio-Timestamp</c> and
/// <c>X-FunnelStudio-Signature: sha256=&lt;hex HMAC-SHA256 of "timestamp.body"&gt;</c> when a secret is
/// set. Bot webhooks that sign differently get their own scheme as well: DingTalk's
/// <c>timestamp</c>/<c>sign</c> query (HMAC-SHA256 of "timestamp\nsecret", Base64) and Feishu/Lark's
/// <c>timestamp</c>/<c>sign</c> body fields (HMAC-SHA256 keyed with "timestamp\nsecret" over nothing, Base64).
/// </summary>
public static class WebhookSigner
{
    public static string Signature(string secret, long timestamp, string body) => Signature(secret, timestamp, Encoding.UTF8.GetBytes(body));

    /// <summary>The signature over the body's UTF-8 bytes, the bytes that are posted.</summary>
    public static string Signature(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> prefix = stackalloc byte[24]; // a long's digits and the dot
        timestamp.TryFormat(prefix, out var length, provider: CultureInfo.InvariantCulture);
        prefix[length++] = (byte)'.';
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var hmac = ThreadHmac.For(secret);
        try
        {
            hmac.AppendData(prefix[..length]);
            hmac.AppendData(body);
            hmac.GetHashAndReset(hash);
        }
        catch
        {
            ThreadHmac.Forget(); // its state is unknown now: the next signature keys a new one
            throw;
        }
        return "sha256=" + Convert.ToHexStringLower(hash);
    }

    /// <summary>DingTalk: milliseconds since 1970 and the Base64 HMAC of "timestamp\nsecret" keyed with the secret.</summary>
    public static string DingTalkSign(string secret, long timestampMs) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestampMs}\n{secret}")));

    /// <summary>Feishu/Lark: seconds since 1970 and the Base64 HMAC keyed with "timestamp\nsecret" over an empty message.</summary>
    public static string FeishuSign(string secret, long timestampSeconds) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes($"{timestampSeconds}\n{secret}"), Array.Empty<byte>()));
}
