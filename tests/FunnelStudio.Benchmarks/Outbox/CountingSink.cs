using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FunnelStudio.Benchmarks.Outbox;

/// <summary>
/// The webhook receiver of <c>--outbox</c>: a Kestrel app on a loopback port that answers every POST
/// with 200 "ok", counts the posts and the distinct <c>X-FunnelStudio-Delivery</c> ids (so a message
/// posted twice shows), and can be told to fail its first posts or to hang (for resilience checks).
/// </summary>
internal sealed class CountingSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte> _deliveries = new(StringComparer.Ordinal);
    private long _posts;

    private CountingSink(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public long Posts => Interlocked.Read(ref _posts);

    /// <summary>Messages posted more than once (counted by their delivery id).</summary>
    public long Repeats => Posts - _deliveries.Count - Interlocked.Read(ref _anonymous);

    private long _anonymous;

    public static async Task<CountingSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new CountingSink(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            // Read the body as a receiver would (and so the connection can be reused).
            var body = context.Request.Body;
            var buffer = new byte[4096];
            while (await body.ReadAsync(buffer) > 0) { }
            Interlocked.Increment(ref sink._posts);
            if (context.Request.Headers["X-FunnelStudio-Delivery"] is [{ } id]) sink._deliveries.TryAdd(id, 0);
            else Interlocked.Increment(ref sink._anonymous);
            return Results.Text("ok");
        });
        await app.StartAsync();
        sink.Url = app.Urls.First().TrimEnd('/') + "/hook";
        return sink;
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _posts, 0);
        Interlocked.Exchange(ref _anonymous, 0);
        _deliveries.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
