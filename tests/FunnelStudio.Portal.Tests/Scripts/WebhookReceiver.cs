using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace FunnelStudio.Portal.Tests.Scripts;

/// <summary>
/// A bot webhook stand-in on a free loopback port: every request it gets is kept (method, headers,
/// body) and answered as a WeCom bot answers a message it took (<c>{"errcode":0}</c>).
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<ReceivedRequest> _received = Channel.CreateUnbounded<ReceivedRequest>();

    public WebhookReceiver()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/hook";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = ServeAsync();
    }

    /// <summary>Where to post.</summary>
    public string Url { get; }

    /// <summary>The next request received, or null when none comes within <paramref name="wait"/>.</summary>
    public async Task<ReceivedRequest?> NextAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await _received.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
            _received.Writer.TryWrite(new ReceivedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body));
            var answer = Encoding.UTF8.GetBytes("""{"errcode":0,"errmsg":"ok"}""");
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = answer.Length;
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose() => _listener.Close();
}

/// <summary>One request a <see cref="WebhookReceiver"/> got.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
