using System.Net;
using System.Net.Sockets;

namespace FunnelStudio.Storage.Tests.Outbox;

/// <summary>
/// A webhook receiver on a free loopback port whose answers the test scripts: the first
/// <c>failures</c> posts get a 503, the rest a 200 "ok" — or, with <c>hang</c>, no answer at all until
/// it is disposed. It counts the posts it got and the ones it answered with 200.
/// </summary>
public sealed class ScriptedReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly int _failures;
    private readonly bool _hang;
    private int _posts;
    private int _accepted;

    public ScriptedReceiver(int failures = 0, bool hang = false)
    {
        _failures = failures;
        _hang = hang;
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/hook";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = ServeAsync();
    }

    public string Url { get; }

    public int Posts => Volatile.Read(ref _posts);

    /// <summary>Posts answered with 200: the deliveries the receiver took.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>A loopback URL nothing listens on (connections are refused).</summary>
    public static string Refusing() => $"http://127.0.0.1:{FreePort()}/hook";

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
            var n = Interlocked.Increment(ref _posts);
            if (_hang) continue; // never answered
            await context.Request.InputStream.CopyToAsync(Stream.Null);
            var ok = n > _failures;
            if (ok) Interlocked.Increment(ref _accepted);
            context.Response.StatusCode = ok ? 200 : 503;
            var answer = "ok"u8.ToArray();
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
