using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FunnelStudio.Benchmarks.Load;

namespace FunnelStudio.Benchmarks.Publish;

/// <summary>
/// <c>--publish</c> (run by publish.sh, after load.sh's client filled the database): a steady open-loop
/// background load on the first portal (API creates, API lists, record reads as the rep), then as the
/// admin: upload a draft (<see cref="PublishDraft"/>: adds an indexed field, removes one holding data),
/// read its impact twice (timed; the first runs cold code), publish it (timed), while the second portal on the same database is polled
/// every 50 ms until it serves the new package version. Then <c>--repeats</c> more publishes (the
/// same draft with a new package version) for the instance switch alone. <c>--write-draft DIR</c> only
/// writes the draft's files. Prints Markdown tables: the
/// background latency in 1-second windows around the publish, and each publish's times.
/// </summary>
internal static class PublishRun
{
    public const string Switch = "--publish";

    private static readonly string[] Stages = ["lead", "mql", "sql", "opportunity"];

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        if (Arg("--write-draft", "") is { Length: > 0 } folder)
        {
            // The draft as files, to look at or to diff against the sample (checked like every upload: loads, tests pass).
            foreach (var (path, text) in PublishDraft.Files("1.1.0"))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, path))!);
                File.WriteAllText(Path.Combine(folder, path), text);
            }
            Console.WriteLine($"{folder}: the draft (adds {PublishDraft.Object}.{PublishDraft.AddedField}, removes {PublishDraft.Object}.{PublishDraft.RemovedField})");
            return 0;
        }
        var first = Arg("--base-url", "http://127.0.0.1:5080").TrimEnd('/');
        var second = Arg("--second-url", "").TrimEnd('/');
        var password = Arg("--password", "");
        var rate = double.Parse(Arg("--rate", "50"), CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Arg("--concurrency", "32"), CultureInfo.InvariantCulture);
        var repeats = int.Parse(Arg("--repeats", "5"), CultureInfo.InvariantCulture);
        var user = Arg("--user", "rep@funnelstudio.local");
        var admin = Arg("--admin", "admin@funnelstudio.local");

        using var load = Client(first, concurrency);
        using var adminHttp = Client(first, 4);
        using var follower = Client(second.Length > 0 ? second : first, 4);
        var repToken = await LoadClient.LoginApiAsync(load, user, password);
        var adminToken = await LoadClient.LoginApiAsync(adminHttp, admin, password);
        var followerToken = await LoadClient.LoginApiAsync(follower, admin, password);
        var ids = await RecordIdsAsync(load, repToken);
        var today = DateTime.UtcNow.Date;
        Console.WriteLine($"load average before: {LoadAverage()}; {ids.Count} record ids to read; background {rate:N0} requests/s offered on {concurrency} connections");

        var background = new Background(concurrency, rate, async k =>
        {
            var (kind, request) = (k % 4) switch
            {
                0 => ("create", new HttpRequestMessage(HttpMethod.Post, "/api/v1/objects/deal/records")
                {
                    Content = new StringContent(DealBodies.Create(k, today, false), Encoding.UTF8, "application/json"),
                }),
                2 => ("read", new HttpRequestMessage(HttpMethod.Get, $"/api/v1/objects/deal/records/{ids[k % ids.Count]}")),
                _ => ("list", new HttpRequestMessage(HttpMethod.Get, $"/api/v1/objects/deal/records?stage={Stages[k / 4 % 4]}&sort=-amount&pageSize=50&page={1 + k % 20}")),
            };
            using (request)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", repToken);
                using var response = await load.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                return (kind, response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created);
            }
        });
        var running = background.RunAsync();
        var busy = new MachineBusy();
        using var stopBusy = new CancellationTokenSource();
        var sampling = busy.RunAsync(() => background.Now, stopBusy.Token);
        var publishes = new List<PublishTiming>();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(8)); // warm-up, and the windows before the publish
            publishes.Add(await PublishAsync(adminHttp, adminToken, follower, followerToken, background, "1.1.0", impact: true));
            await Task.Delay(TimeSpan.FromSeconds(5));
            for (var i = 1; i <= repeats; i++)
            {
                publishes.Add(await PublishAsync(adminHttp, adminToken, follower, followerToken, background, $"1.1.{i}", impact: false));
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
        finally
        {
            background.Stop();
            await running;
            stopBusy.Cancel();
            await sampling;
        }
        Console.WriteLine($"load average after: {LoadAverage()}");
        Report(background, busy, publishes);
        return publishes.All(p => p.Published) ? 0 : 1;
    }

    private sealed record PublishTiming(string Version, bool Published, List<(double Start, double Seconds)> Impacts, double Start, double End,
        double? CommitStart, double? SecondServes, string Answer);

    private static async Task<PublishTiming> PublishAsync(HttpClient admin, string adminToken, HttpClient follower, string followerToken,
        Background background, string version, bool impact)
    {
        var files = PublishDraft.Files(version);
        using var upload = Request(HttpMethod.Post, "/api/v1/config/drafts", adminToken);
        upload.Content = new ByteArrayContent(PublishDraft.Zip(files));
        upload.Content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var uploaded = await admin.SendAsync(upload);
        var draftText = await uploaded.Content.ReadAsStringAsync();
        if (uploaded.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"Upload refused ({(int)uploaded.StatusCode}): {draftText}");
        var id = JsonDocument.Parse(draftText).RootElement.GetProperty("version").GetProperty("id").GetInt64();

        // Twice: the first plan after the portal started runs cold code (JIT), the second is what a publish meets.
        var impacts = new List<(double Start, double Seconds)>();
        for (var i = 0; impact && i < 2; i++)
        {
            var asked = background.Now;
            var started = Stopwatch.GetTimestamp();
            using var plan = Request(HttpMethod.Get, $"/api/v1/config/versions/{id}/impact", adminToken);
            using var answer = await admin.SendAsync(plan);
            var text = await answer.Content.ReadAsStringAsync();
            impacts.Add((asked, Stopwatch.GetElapsedTime(started).TotalSeconds));
            Console.WriteLine($"impact of {id}: {(int)answer.StatusCode} in {impacts[^1].Seconds:N2} s: {Shorten(text, i == 0 ? 1500 : 0)}");
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        // The second instance is polled from before the publish starts until it serves the new version.
        using var polling = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var poll = PollAsync(follower, followerToken, version, background, polling.Token);
        var start = background.Now;
        var wallClockStart = DateTime.UtcNow;
        using var publish = Request(HttpMethod.Post, $"/api/v1/config/versions/{id}/publish", adminToken);
        publish.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var published = await admin.SendAsync(publish);
        var end = background.Now;
        var body = await published.Content.ReadAsStringAsync();
        double? commitStart = null;
        if (published.StatusCode == HttpStatusCode.OK
            && JsonDocument.Parse(body).RootElement.GetProperty("version").GetProperty("publishedAt").GetDateTime() is var at)
            commitStart = start + (DateTime.SpecifyKind(at, DateTimeKind.Utc) - wallClockStart).TotalSeconds;
        double? serves = null;
        try { serves = await poll; } catch (OperationCanceledException) { }
        var timing = new PublishTiming(version, published.StatusCode == HttpStatusCode.OK, impacts, start, end, commitStart, serves,
            $"{(int)published.StatusCode}");
        Console.WriteLine($"publish {version} (draft {id}): {(int)published.StatusCode} in {end - start:N2} s; second instance serves it " +
                          $"{(serves is { } s ? $"{s - end:N2} s after the answer, {(commitStart is { } c ? $"{s - c:N2} s after published_at" : "")}" : "never (120 s)")}" +
                          (timing.Published ? "" : $": {Shorten(body, 1500)}"));
        return timing;
    }

    /// <summary>Every 50 ms: the package version the instance serves (<c>GET /api/v1/objects</c>); returns when it is <paramref name="version"/>.</summary>
    private static async Task<double> PollAsync(HttpClient http, string token, string version, Background background, CancellationToken ct)
    {
        while (true)
        {
            using var request = Request(HttpMethod.Get, "/api/v1/objects", token);
            using var response = await http.SendAsync(request, ct);
            var at = background.Now;
            if (response.IsSuccessStatusCode
                && JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("version").GetString() == version)
                return at;
            await Task.Delay(50, ct);
        }
    }

    private static void Report(Background background, MachineBusy busy, List<PublishTiming> publishes)
    {
        var main = publishes[0];
        Console.WriteLine();
        foreach (var (start, seconds) in main.Impacts)
            Windows(background, busy, $"an impact request for {main.Version} ({seconds:N2} s)", start, start + seconds);
        Windows(background, busy, $"the publish of {main.Version} ({main.End - main.Start:N2} s)", main.Start, main.End);
        Console.WriteLine();
        Console.WriteLine("| background requests | requests | errors | p50 | p99 | max | over 1 s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| before the impact requests (from 2 s) | {LatencyStats.Of(background.Samples(2, main.Impacts.Count > 0 ? main.Impacts[0].Start : main.Start)).Cells} |");
        foreach (var (start, seconds) in main.Impacts)
            Console.WriteLine($"| due during the impact request at {start:N1} s ({seconds:N2} s) | {LatencyStats.Of(background.Samples(start, start + seconds)).Cells} |");
        var during = background.Samples(main.Start, main.End);
        Console.WriteLine($"| due during the publish | {LatencyStats.Of(during).Cells} |");
        foreach (var kind in during.Select(s => s.Kind).Distinct().Order())
            Console.WriteLine($"| … {kind} | {LatencyStats.Of(during.Where(s => s.Kind == kind).ToList()).Cells} |");
        foreach (var p in publishes.Skip(1))
            Console.WriteLine($"| due during the publish of {p.Version} | {LatencyStats.Of(background.Samples(p.Start, p.End)).Cells} |");
        Console.WriteLine();
        Console.WriteLine("| publish | answer | wall time | second instance serves it: after the answer | after published_at |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        foreach (var p in publishes)
            Console.WriteLine($"| {p.Version}{(p == main ? " (adds + removes a field)" : " (package version only)")} | {p.Answer} | {p.End - p.Start:N2} s | " +
                              $"{(p.SecondServes is { } s ? $"{s - p.End:N2} s" : "never")} | {(p.SecondServes is { } t && p.CommitStart is { } c ? $"{t - c:N2} s" : "–")} |");
    }

    /// <summary>1-second windows by due time from 3 s before <paramref name="start"/> to 3 s after <paramref name="end"/>, with how busy the machine was.</summary>
    private static void Windows(Background background, MachineBusy busy, string what, double start, double end)
    {
        Console.WriteLine($"### Background latency in 1-second windows (by due time) around {what}; machine CPU busy per second from /proc/stat");
        Console.WriteLine("| window (s since it started) | requests | errors | p50 | p99 | max | over 1 s | machine CPU busy |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (var w = Math.Floor(start - 3); w < end + 3; w++)
            Console.WriteLine($"| {w - start:+0.0;-0.0;0.0} … {w + 1 - start:+0.0;-0.0;0.0} | {LatencyStats.Of(background.Samples(w, w + 1)).Cells} | {busy.At(w)} |");
        Console.WriteLine();
    }

    private static HttpClient Client(string baseUrl, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(10),
        };

    private static HttpRequestMessage Request(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static async Task<List<Guid>> RecordIdsAsync(HttpClient http, string token)
    {
        var ids = new List<Guid>();
        for (var page = 1; page <= 10; page++)
        {
            using var request = Request(HttpMethod.Get, $"/api/v1/objects/deal/records?pageSize=50&page={page * 37}", token);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            foreach (var item in JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray())
                ids.Add(item.GetProperty("id").GetGuid());
        }
        if (ids.Count == 0) throw new InvalidOperationException("No deals to read: fill the database first.");
        return ids;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
