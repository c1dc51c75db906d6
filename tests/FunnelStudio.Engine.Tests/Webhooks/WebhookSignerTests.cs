using System.Security.Cryptography;
using System.Text;
using FunnelStudio.Webhooks;
using Xunit;

namespace FunnelStudio.Engine.Tests.Webhooks;

/// <summary>The signature a receiver checks, against HMAC-SHA256 computed here from scratch (the signer keeps an HMAC per thread).</summary>
public sealed class WebhookSignerTests
{
    private static string Expected(string secret, long timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    [Fact]
    public void Signature_WithSecretsTakingTurns_IsEachTimeTheHmacOfTimestampDotBody()
    {
        var secrets = new[] { "first-secret", "第二个密钥", "first-secret", "first-secret", "x" };
        for (var i = 0; i < secrets.Length; i++)
        {
            var body = $$"""{"n":{{i}},"text":"商机 {{i}} → 赢单"}""";
            Assert.Equal(Expected(secrets[i], 1_700_000_000 + i, body), WebhookSigner.Signature(secrets[i], 1_700_000_000 + i, body));
            Assert.Equal(Expected(secrets[i], 1_700_000_000 + i, body),
                WebhookSigner.Signature(secrets[i], 1_700_000_000 + i, Encoding.UTF8.GetBytes(body)));
        }
    }

    [Fact]
    public void Signature_SignedTwiceInARow_IsTheSame()
    {
        var first = WebhookSigner.Signature("again", 5, "{}");

        Assert.Equal(first, WebhookSigner.Signature("again", 5, "{}"));
        Assert.Equal(Expected("again", 5, "{}"), first);
    }

    [Fact]
    public void Signature_OnThreadsWithSecretsOfTheirOwnAtOnce_EachMatchesItsOwnSecretAndBody()
    {
        const int threads = 4, each = 5000;
        var wrong = 0;
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var secret = $"secret-of-thread-{t}";
            start.SignalAndWait();
            for (var i = 0; i < each; i++)
            {
                var body = $$"""{"thread":{{t}},"i":{{i}}}""";
                try
                {
                    if (WebhookSigner.Signature(secret, i, body) != Expected(secret, i, body)) Interlocked.Increment(ref wrong);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref wrong); // e.g. an HMAC another thread disposed
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.Equal(0, wrong);
    }
}
