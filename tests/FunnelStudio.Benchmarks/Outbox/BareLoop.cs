using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FunnelStudio.Benchmarks.Load;
using FunnelStudio.Outbox;
using FunnelStudio.Scripting.Hooks;

namespace FunnelStudio.Benchmarks.Outbox;

/// <summary>
/// The baseline of <c>--outbox</c>: the same bodies posted to the same sink by a plain HttpClient loop on
/// <c>concurrency</c> workers — no database, no signing, no outbox — what the sink and HTTP alone allow here.
/// </summary>
internal static class BareLoop
{
    public static Task<Result> RunAsync(CountingSink sink, OutboxMessage[] messages, int concurrency, CpuMeter cpu, HttpClient? client = null)
    {
        var bodies = messages.Select(m => WebhookPayload.Parse(m.Payload).BodyText).ToArray();
        var own = client is null ? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) : null;
        var http = client ?? own!;
        var url = new Uri(sink.Url);
        return LoopAsync(sink, bodies.Length, concurrency, cpu, async n =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(bodies[n], Encoding.UTF8, "application/json") };
            request.Headers.Add("X-FunnelStudio-Delivery", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new HttpRequestException($"The sink answered {(int)response.StatusCode}.");
        }, own);
    }

    /// <summary>
    /// <paramref name="count"/> deliveries on <paramref name="concurrency"/> workers, each taking the next number as soon as
    /// it is through with the last; a delivery that throws counts as failed. Measured: wall time, CPU, the sink's tally.
    /// </summary>
    public static async Task<Result> LoopAsync(CountingSink sink, int count, int concurrency, CpuMeter cpu, Func<int, Task> deliver,
        IDisposable? owned = null)
    {
        using var _ = owned;
        sink.Reset();
        var next = -1;
        long failed = 0;
        var before = cpu.Sample();
        var workItems = ThreadPool.CompletedWorkItemCount;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < count)
            {
                try
                {
                    await deliver(n);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })));
        clock.Stop();
        return new Result(count, clock.Elapsed, cpu.Sample() - before, sink.Posts, sink.Repeats, -1, failed)
        {
            WorkItems = ThreadPool.CompletedWorkItemCount - workItems,
        };
    }
}
