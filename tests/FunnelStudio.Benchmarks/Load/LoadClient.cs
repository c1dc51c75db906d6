using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace FunnelStudio.Benchmarks.Load;

/// <summary>
/// The portal load test, run as a second process against a running portal on loopback (see
/// load.sh): raw Npgsql INSERTs of the same row as the baseline, then API creates (the whole save
/// pipeline), then list and board pages. Bounded in count and time; prints a Markdown table.
/// </summary>
internal static partial class LoadClient
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var baseUrl = Arg("--base-url", "http://127.0.0.1:5080").TrimEnd('/');
        var email = Arg("--user", "rep@funnelstudio.local");
        var password = Arg("--password", "");
        var pg = Arg("--pg", "");
        var creates = int.Parse(Arg("--creates", "100000"));
        var concurrency = int.Parse(Arg("--concurrency", "32"));
        var seconds = double.Parse(Arg("--seconds", "20"));

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
        var token = await LoginApiAsync(http, email, password);
        var cookie = await LoginCookieAsync(baseUrl, email, password);
        var results = new List<LoadSummary>();

        if (pg.Length > 0) results.Add(await RawInsertAsync(pg, Math.Min(creates, 50_000), concurrency, TimeSpan.FromSeconds(seconds)));

        var body = """{"name":"Load test deal","amount":250000,"source":"website","close_date":"2026-12-31"}""";
        results.Add(await LoadWorkers.RunAsync("API create (POST /api/v1/objects/deal/records)", concurrency, creates, TimeSpan.FromSeconds(seconds * 10), async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/objects/deal/records")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            return response.StatusCode == HttpStatusCode.Created;
        }));

        string[] stages = ["lead", "mql", "sql", "opportunity"];
        results.Add(await LoadWorkers.RunAsync("API list (50/page, stage filter, sort -amount)", concurrency, int.MaxValue, TimeSpan.FromSeconds(seconds), async n =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get,
                $"/api/v1/objects/deal/records?stage={stages[n % 4]}&sort=-amount&pageSize=50&page={1 + n % 20}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode;
        }));
        results.Add(await LoadWorkers.RunAsync("List page (/o/deal, 50/page, filtered, sorted)", concurrency, int.MaxValue, TimeSpan.FromSeconds(seconds), async n =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/o/deal?stage={stages[n % 4]}&sort=-amount&page={1 + n % 20}");
            request.Headers.Add("Cookie", cookie);
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode;
        }));
        results.Add(await LoadWorkers.RunAsync("Board page (/o/deal/board)", concurrency, int.MaxValue, TimeSpan.FromSeconds(seconds), async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/o/deal/board");
            request.Headers.Add("Cookie", cookie);
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode;
        }));

        Console.WriteLine($"concurrency {concurrency}, base {baseUrl}");
        Console.WriteLine("| scenario | requests | errors | throughput | p50 | p99 |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var r in results) Console.WriteLine(r);
        return results.Any(r => r.Errors > 0) ? 1 : 0;
    }

    private static async Task<string> LoginApiAsync(HttpClient http, string email, string password)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/identity/login", new { email, password });
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>Signs in through the login form (antiforgery included) and returns the cookie header.</summary>
    private static async Task<string> LoginCookieAsync(string baseUrl, string email, string password)
    {
        var jar = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
        var page = await http.GetStringAsync("/Account/Login");
        var antiforgery = AntiforgeryField().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = password, ["__RequestVerificationToken"] = antiforgery,
        });
        using var response = await http.PostAsync("/Account/Login", form);
        return jar.GetCookieHeader(new Uri(baseUrl));
    }

    /// <summary>The baseline: parameterised single-row INSERTs of the same row shape, 32 connections.</summary>
    private static async Task<LoadSummary> RawInsertAsync(string connectionString, int rows, int concurrency, TimeSpan duration)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = concurrency + 4 };
        await using var source = NpgsqlDataSource.Create(builder.ConnectionString);
        await using (var setup = source.CreateCommand(
            "DROP TABLE IF EXISTS load_baseline; CREATE UNLOGGED TABLE load_baseline (id uuid primary key, object text not null, stage text, owner_id text, title text, values jsonb not null, created_at timestamptz not null, updated_at timestamptz not null, version bigint not null)"))
            await setup.ExecuteNonQueryAsync();
        const string json = """{"name":"Load test deal","amount":250000,"source":"website","close_date":"2026-12-31"}""";
        var summary = await LoadWorkers.RunAsync("Raw Npgsql INSERT (baseline)", concurrency, rows, duration, async _ =>
        {
            await using var command = source.CreateCommand(
                "INSERT INTO load_baseline (id, object, stage, owner_id, title, values, created_at, updated_at, version) VALUES ($1, 'deal', 'lead', 'u', 'Load test deal', $2::jsonb, now(), now(), 1)");
            command.Parameters.AddWithValue(Guid.NewGuid());
            command.Parameters.AddWithValue(json);
            return await command.ExecuteNonQueryAsync() == 1;
        });
        await using (var drop = source.CreateCommand("DROP TABLE load_baseline")) await drop.ExecuteNonQueryAsync();
        return summary;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
