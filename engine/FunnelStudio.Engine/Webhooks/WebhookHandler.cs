using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunnelStudio.Outbox;
using FunnelStudio.Scripting.Hooks;

namespace FunnelStudio.Webhooks;

/// <summary>
/// Delivers <c>ctx.webhook</c> posts from the outbox: the JSON body as the script gave it, signed
/// (<see cref="WebhookSigner"/>), to http(s) URLs only and — unless allowed — never to a private or
/// loopback address. A non-2xx answer, or a bot's <c>errcode</c>/<c>code</c> other than 0, is a failure
/// the outbox retries.
/// </summary>
public sealed class WebhookHandler(IHttpClientFactory clients, TimeProvider clock) : IOutboxHandler
{
    /// <summary>One client for all posts: the factory hands out clients over one pooled handler (see <see cref="WebhookHttp"/>).</summary>
    private readonly HttpClient _http = clients.CreateClient(WebhookHttp.ClientName);

    public string Kind => WebhookMessages.Kind;

    public async Task HandleAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var payload = WebhookPayload.Parse(item.Payload);
        var url = new Uri(payload.Url);
        if (url.Scheme is not ("http" or "https")) throw new InvalidOperationException($"'{url}' is not an http(s) URL.");
        var now = clock.GetUtcNow();
        var body = payload.Body;
        if (payload.Secret is { Length: > 0 } secret)
        {
            var host = url.Host; // computed on every read
            if (IsHost(host, "dingtalk.com"))
                url = new Uri($"{url}{(url.Query.Length > 0 ? "&" : "?")}timestamp={now.ToUnixTimeMilliseconds()}&sign={Uri.EscapeDataString(WebhookSigner.DingTalkSign(secret, now.ToUnixTimeMilliseconds()))}");
            else if ((IsHost(host, "feishu.cn") || IsHost(host, "larksuite.com")) && JsonNode.Parse(body.Span) is JsonObject feishu)
            {
                feishu["timestamp"] = now.ToUnixTimeSeconds().ToString();
                feishu["sign"] = WebhookSigner.FeishuSign(secret, now.ToUnixTimeSeconds());
                body = Encoding.UTF8.GetBytes(feishu.ToJsonString());
            }
        }
        // The bytes signed are the bytes posted.
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var timestamp = now.ToUnixTimeSeconds();
        // Digits and "sha256=<hex>": nothing for the header parser to check (it costs on every post).
        request.Headers.TryAddWithoutValidation("X-FunnelStudio-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("X-FunnelStudio-Delivery", item.Id.ToString(CultureInfo.InvariantCulture));
        if (payload.Secret is { Length: > 0 } key)
            request.Headers.TryAddWithoutValidation("X-FunnelStudio-Signature", WebhookSigner.Signature(key, timestamp, body.Span));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException)
        {
            throw new HttpRequestException($"{url.GetLeftPart(UriPartial.Authority)} failed too often: posts to it are paused for " +
                $"{WebhookHttp.BreakerBreak.TotalSeconds:0} s (circuit breaker).");
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // The client's timeout (WebhookOptions.TimeoutSeconds), not the outbox's: say which receiver kept us waiting.
            throw new HttpRequestException($"{url.GetLeftPart(UriPartial.Path)} did not answer within {_http.Timeout.TotalSeconds:0.###} s.");
        }
        using var _ = response;
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{url.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode}: {Short(answer)}");
        if (BotError(answer) is { } error) throw new HttpRequestException($"{url.GetLeftPart(UriPartial.Path)} refused the message: {error}");
    }

    /// <summary>WeCom and DingTalk answer 200 with <c>errcode</c>, Feishu with <c>code</c>: anything but 0 is a refusal.</summary>
    private static string? BotError(string answer)
    {
        // Most receivers answer "ok" or nothing: no JSON object, nothing to look for (and no exception to pay for).
        if (!answer.AsSpan().TrimStart().StartsWith("{")) return null;
        try
        {
            if (JsonNode.Parse(answer) is not JsonObject json) return null;
            foreach (var key in new[] { "errcode", "code" })
                if (json[key] is JsonValue v && v.TryGetValue<long>(out var code) && code != 0)
                    return $"{key} {code}: {json["errmsg"] ?? json["msg"]}";
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsHost(string host, string domain) =>
        host.EndsWith(domain, StringComparison.OrdinalIgnoreCase) && (host.Length == domain.Length || host[^(domain.Length + 1)] == '.');

    private static string Short(string text) => text.Length > 300 ? text[..300] + "…" : text;

    /// <summary>Loopback, private, link-local, unique-local, unspecified and mapped forms of them.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal;
        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 127 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
    }
}
