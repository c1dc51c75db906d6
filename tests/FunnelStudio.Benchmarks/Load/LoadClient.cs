using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FunnelStudio.Benchmarks.Load;

/// <summary>
/// <c>--load</c>: the portal load test, run as a second process against a running portal on
/// loopback (see load.sh). Raw Npgsql INSERTs of the same row as the baseline, API creates (the
/// whole save pipeline; they also fill the database), then the API list, the list page and the
/// board page. Bounded in count and time; prints a Markdown table; exits 1 on any failed request.
/// </summary>
internal static partial class LoadClient
{
    private static readonly string[] Stages = ["lead", "mql", "sql", "opportunity"];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = LoadOptions.Parse(args);
        var concurrency = options.Concurrency;
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency, UseCookies = false, AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(30),
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(options.BaseUrl) };
        var token = await LoginApiAsync(http, options.User, options.Password);
        var cookie = await LoginCookieAsync(options.BaseUrl, options.User, options.Password);
        var ownerId = await CurrentUserIdAsync(http, token);
        var results = new List<LoadSummary>();
        var today = DateTime.UtcNow.Date;
        var cpu = new CpuMeter(options.PortalPid, options.PostgresPid);

        var run = options.Scenarios;
        if (options.PostgresConnection is { } pg && run.Contains("raw"))
            results.Add(await RawInsert.RunAsync(pg, ownerId, today, concurrency, options.Duration, options.Warmup, cpu));

        async Task<bool> CreateAsync(int n)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/objects/deal/records")
            {
                Content = new StringContent(DealBodies.Create(n, today, options.UniqueFields), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            return response.StatusCode == HttpStatusCode.Created;
        }
        if (run.Contains("create"))
        {
            // The creates fill the database: flat out first, then (with --create-rate) at the target
            // rate; together they make --creates deals (warm-up creates come on top).
            var rated = options.CreateRate is { } rate ? (int)(rate * options.RatedDuration.TotalSeconds) : 0;
            var flatOut = Math.Max(0, options.Creates - rated);
            results.Add(await LoadWorkers.RunAsync($"API create (POST /api/v1/objects/deal/records, {flatOut:N0})",
                concurrency, flatOut, TimeSpan.FromHours(1), CreateAsync, options.Warmup, cpu));
            if (options.CreateRate is { } createRate)
                results.Add(await LoadWorkers.RunAsync("API create (POST /api/v1/objects/deal/records)",
                    concurrency, rated, options.RatedDuration, CreateAsync, TimeSpan.Zero, cpu, createRate));
            if (options.PostgresConnection is { } connection) await Database.VacuumAsync(connection);
        }

        var total = await CountAsync(http, token);
        Console.WriteLine($"deals visible to {options.User}: {total:N0}");

        var reads = new (string Key, string Name, Func<int, Task<bool>> Request)[]
        {
            ("api-list", "API list (50/page, stage filter, sort -amount)",
                n => GetAsync(http, $"/api/v1/objects/deal/records?stage={Stages[n % 4]}&sort=-amount&pageSize=50&page={1 + n % 20}", bearer: token)),
            ("list", "List page (/o/deal, 50/page, stage filter, sort amount desc)",
                n => GetAsync(http, $"/o/deal?stage={Stages[n % 4]}&sort=amount&dir=desc&page={1 + n % 20}", cookie: cookie)),
            ("board", "Board page (/o/deal/board)", _ => GetAsync(http, "/o/deal/board", cookie: cookie)),
        };
        foreach (var (key, name, request) in reads.Where(r => run.Contains(r.Key)))
        {
            results.Add(await LoadWorkers.RunAsync(name, concurrency, int.MaxValue, options.Duration, request, options.Warmup, cpu));
            if (options.ReadRate is { } readRate)
                results.Add(await LoadWorkers.RunAsync(name, concurrency, int.MaxValue, options.RatedDuration, request,
                    TimeSpan.FromSeconds(2), cpu, readRate));
        }

        Console.WriteLine($"concurrency {concurrency}, {options.Duration.TotalSeconds:N0} s per read scenario after {options.Warmup.TotalSeconds:N0} s warm-up");
        Console.WriteLine(LoadSummary.Header);
        foreach (var r in results) Console.WriteLine(r);
        if (results.FirstOrDefault(r => r.Name.StartsWith("Raw", StringComparison.Ordinal)) is { } raw
            && results.FirstOrDefault(r => r.Name.StartsWith("API create", StringComparison.Ordinal) && r.OfferedRate is null) is { } create)
            Console.WriteLine($"API create / raw INSERT throughput: {create.PerSecond / raw.PerSecond:P0}");
        if (options.PortalPid is { } portal && !File.Exists($"/proc/{portal}/stat"))
            Console.WriteLine($"the portal (pid {portal}) is gone: it stopped during the run");
        return results.Any(r => r.Errors > 0) ? 1 : 0;
    }

    private static async Task<bool> GetAsync(HttpClient http, string path, string? bearer = null, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        return response.StatusCode == HttpStatusCode.OK;
    }

    internal static async Task<string> LoginApiAsync(HttpClient http, string email, string password)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/identity/login", new { email, password });
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>The signed-in user's id, read back from a record they create (the owner defaults to the creator).</summary>
    private static async Task<string> CurrentUserIdAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/objects/deal/records")
        {
            Content = new StringContent(DealBodies.Create(0, DateTime.UtcNow.Date, false), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"Create refused ({(int)response.StatusCode}): {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("values").GetProperty("owner").GetString()!;
    }

    private static async Task<int> CountAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/objects/deal/records?pageSize=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("total").GetInt32();
    }

    /// <summary>
    /// Signs in through the login form (antiforgery included) and returns the cookie header. Cookies
    /// are carried by hand: outside Development they are Secure, which .NET's CookieContainer keeps
    /// from a plain-HTTP loopback address (browsers send them to localhost).
    /// </summary>
    private static async Task<string> LoginCookieAsync(string baseUrl, string email, string password)
    {
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        string Header() => string.Join("; ", cookies.Select(c => c.Key + "=" + c.Value));
        void Keep(HttpResponseMessage response)
        {
            foreach (var line in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = line.Split(';', 2)[0].Split('=', 2);
                if (pair.Length == 2) cookies[pair[0].Trim()] = pair[1].Trim();
            }
        }
        using var handler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
        using var get = await http.GetAsync("/Account/Login");
        Keep(get);
        var antiforgery = AntiforgeryField().Match(await get.Content.ReadAsStringAsync()).Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email, ["Input.Password"] = password, ["__RequestVerificationToken"] = antiforgery,
            }),
        };
        post.Headers.Add("Cookie", Header());
        using var response = await http.SendAsync(post);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"The login form answered {(int)response.StatusCode}, not a redirect: wrong password?");
        Keep(response);
        return Header();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

/// <summary>Create bodies spread over the first four stages, each with what the stage gate asks for on the way there.</summary>
internal static class DealBodies
{
    private static readonly string[] Sources = ["website", "webinar", "whitepaper", "referral", "event", "outbound"];

    /// <summary>Unique values must never repeat, also across the runs of one load (each run numbers its requests from 1).</summary>
    private static long _unique;
    private static readonly string RunId = Guid.NewGuid().ToString("N")[..8];

    public static string Create(int n, DateTime today, bool uniqueFields)
    {
        var values = Values(n, today);
        if (uniqueFields)
        {
            var u = Interlocked.Increment(ref _unique);
            values["external_id"] = $"LOAD-{RunId}-{u}";
            values["buyer_email"] = $"buyer{u}.{RunId}@load.example";
        }
        return JsonSerializer.Serialize(values);
    }

    public static string Stage(int n) => (n % 4) switch { 0 => "lead", 1 => "mql", 2 => "sql", _ => "opportunity" };

    public static Dictionary<string, object> Values(int n, DateTime today)
    {
        var stage = n % 4;
        var values = new Dictionary<string, object>
        {
            ["name"] = $"Load test deal {n}",
            ["amount"] = 1000 + n * 7919 % 500_000,
            ["source"] = Sources[n % Sources.Length],
            ["close_date"] = today.AddDays(30 + n % 300).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["stage"] = Stage(n),
        };
        if (stage >= 1)
        {
            values["first_contact_at"] = today.AddDays(-10).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            values["icp_fit"] = true;
        }
        if (stage >= 2)
        {
            values["need_confirmed"] = true;
            values["willing_to_talk"] = true;
        }
        if (stage >= 3)
        {
            values["budget_confirmed"] = true;
            values["decision_maker"] = "CFO";
            values["timeline"] = "Q1";
            values["demo_scheduled_at"] = today.AddDays(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }
        return values;
    }
}
