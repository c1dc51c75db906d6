using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FunnelStudio.Metadata;
using FunnelStudio.Notifications;
using FunnelStudio.Outbox;
using FunnelStudio.Webhooks;

namespace FunnelStudio.Engine.Tests.Notifications;

public sealed class NotificationWebhookTests
{
    private static NotificationRequest Request(Guid record) => new("closed", "stage.changed", [])
    {
        Object = "opportunity", RecordId = record, Link = $"/o/opportunity/{record}",
        Values = new Dictionary<string, string?> { ["stage.to_label"] = "Closed won" },
    };

    [Theory]
    [InlineData("generic")]
    [InlineData("dingtalk")]
    [InlineData("feishu")]
    [InlineData("wecom")]
    public void Bodies_CarryTheTitleAndText_InTheFormatsShape(string format)
    {
        var rendered = new RenderedNotification("Deal won", "<p>Acme &amp; Co</p><p>by Ann</p>");

        var body = JsonDocument.Parse(WebhookBodies.For(format, Request(Guid.Empty), rendered, "https://crm.example.com/o/deal/1")).RootElement;

        var text = format switch
        {
            "dingtalk" => body.GetProperty("markdown").GetProperty("text").GetString(),
            "wecom" => body.GetProperty("markdown").GetProperty("content").GetString(),
            "feishu" => body.GetProperty("content").GetProperty("text").GetString(),
            _ => body.GetProperty("text").GetString(),
        };
        Assert.Contains("Acme & Co\nby Ann", text);
        if (format == "generic")
        {
            Assert.Equal(("Deal won", "stage.changed", "https://crm.example.com/o/deal/1"),
                (body.GetProperty("title").GetString(), body.GetProperty("event").GetString(), body.GetProperty("link").GetString()));
            Assert.Equal("Closed won", body.GetProperty("values").GetProperty("stage.to_label").GetString());
        }
        else Assert.Contains("https://crm.example.com/o/deal/1", text);
    }

    [Fact]
    public async Task Handler_RendersWithEveryField_AndPostsSignedJsonToTheUrl()
    {
        var kit = new NotificationKit();
        var record = await kit.CreateAsync(NotificationKit.Chief, new { title = "Hooked", seller = "a1", margin = 41 });
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var received = ReceiveOneAsync(listener);
        await using var http = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddLogging()
            .AddSingleton(new WebhookOptions { AllowPrivateNetworks = true }).AddWebhookHttp().BuildServiceProvider();
        var webhooks = new WebhookHandler(http.GetRequiredService<System.Net.Http.IHttpClientFactory>(), TimeProvider.System);
        var handler = new NotificationWebhookHandler(kit.Runtime, kit.Store, kit.Renderer, webhooks, new NotificationOptions());
        var message = new NotificationWebhookRequest(Request(record.Id), new NotificationWebhook($"http://127.0.0.1:{port}/hook", "generic", "s3cret")).ToMessage();

        await handler.HandleAsync(new OutboxItem(77, message.Kind, message.Payload, OutboxStatus.Pending) { Attempts = 1 }, CancellationToken.None);

        var (head, body) = await received;
        Assert.StartsWith("POST /hook ", head);
        Assert.Contains("X-FunnelStudio-Delivery: 77", head);
        Assert.Contains("X-FunnelStudio-Signature: sha256=", head);
        var json = JsonDocument.Parse(body).RootElement;
        // Not a user: the webhook sees the margin every agent has hidden.
        Assert.Contains("margin=41", json.GetProperty("body").GetString());
        Assert.Equal(record.Id.ToString(), json.GetProperty("recordId").GetString());
    }

    /// <summary>Reads one HTTP request (headers and a Content-Length body) and answers 200.</summary>
    private static async Task<(string Head, string Body)> ReceiveOneAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var buffer = new List<byte>();
        var chunk = new byte[8192];
        int headEnd;
        while ((headEnd = IndexOf(buffer, "\r\n\r\n"u8.ToArray())) < 0)
        {
            var n = await stream.ReadAsync(chunk);
            if (n == 0) break;
            buffer.AddRange(chunk.AsSpan(0, n).ToArray());
        }
        var head = System.Text.Encoding.UTF8.GetString(buffer.GetRange(0, headEnd).ToArray());
        var length = int.Parse(head.Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))[15..].Trim());
        while (buffer.Count < headEnd + 4 + length)
        {
            var n = await stream.ReadAsync(chunk);
            if (n == 0) break;
            buffer.AddRange(chunk.AsSpan(0, n).ToArray());
        }
        var body = System.Text.Encoding.UTF8.GetString(buffer.GetRange(headEnd + 4, length).ToArray());
        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"u8.ToArray());
        return (head, body);
    }

    private static int IndexOf(List<byte> buffer, byte[] part)
    {
        for (var i = 0; i + part.Length <= buffer.Count; i++)
            if (buffer.Skip(i).Take(part.Length).SequenceEqual(part)) return i;
        return -1;
    }
}
