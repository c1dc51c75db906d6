using FunnelStudio.Outbox;

namespace FunnelStudio.Scripting.Hooks;

/// <summary>
/// The outbox message of <c>ctx.webhook(url, body, secret)</c>: delivered after the commit by the
/// webhook handler, which signs the JSON body (HMAC-SHA256 with the secret) and posts it.
/// </summary>
public static class WebhookMessages
{
    public const string Kind = "webhook";

    public static OutboxMessage Create(Uri url, string bodyJson, string? secret, Guid? recordId) =>
        new(Kind, WebhookPayload.Write(url.ToString(), bodyJson, secret))
        {
            RecordId = recordId,
            Description = $"POST {url.GetLeftPart(UriPartial.Path)}",
        };
}
