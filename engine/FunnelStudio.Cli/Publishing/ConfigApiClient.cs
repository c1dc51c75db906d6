using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace FunnelStudio.Cli.Publishing;

/// <summary>An answer of the portal: its status and its JSON body (null when it sent none or no JSON).</summary>
internal sealed record ApiAnswer(int Status, JsonElement? Body)
{
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>The problem's stable code (<c>CONFIG_…</c>, <c>UNAUTHORIZED</c> …), if any.</summary>
    public string? Code => Text("code");

    public string? Detail => Text("detail") ?? Text("title");

    public string? Text(string property) =>
        Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;
}

/// <summary>
/// The calls <c>publish</c> makes to <c>/api/v1/config</c> with a bearer token. A server that
/// cannot be reached, or times out, throws <see cref="HttpRequestException"/> /
/// <see cref="TaskCanceledException"/> for the command to turn into exit 4.
/// </summary>
internal sealed class ConfigApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ConfigApiClient(Uri baseUri, string token)
    {
        // The impact reads every stored record; on a large database that takes longer than HttpClient's 100 s.
        _http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(15) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
    }

    public Task<ApiAnswer> UploadDraftAsync(byte[] zip, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(zip);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return SendAsync(() => _http.PostAsync("api/v1/config/drafts", content, cancellationToken), cancellationToken);
    }

    public Task<ApiAnswer> ImpactAsync(long version, CancellationToken cancellationToken) =>
        SendAsync(() => _http.GetAsync($"api/v1/config/versions/{version}/impact", cancellationToken), cancellationToken);

    public Task<ApiAnswer> PublishAsync(long version, object body, CancellationToken cancellationToken) =>
        SendAsync(() => _http.PostAsJsonAsync($"api/v1/config/versions/{version}/publish", body, cancellationToken), cancellationToken);

    private static async Task<ApiAnswer> SendAsync(Func<Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        using var response = await send();
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement? body = null;
        try
        {
            if (text.Length > 0) body = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's error page, another site): the status says what happened.
        }
        return new ApiAnswer((int)response.StatusCode, body);
    }

    public void Dispose() => _http.Dispose();
}
