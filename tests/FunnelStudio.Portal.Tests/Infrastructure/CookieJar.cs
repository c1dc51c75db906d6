namespace FunnelStudio.Portal.Tests.Infrastructure;

/// <summary>
/// Keeps cookies the way a browser does for a loopback address: outside Development every cookie is
/// <c>Secure</c>, and .NET's CookieContainer will not send a Secure cookie to <c>http://127.0.0.1</c>,
/// while Chromium and Firefox treat loopback as secure and do. One cookie per name (the portal sets
/// all of them on <c>/</c>); an expired or emptied cookie is dropped. <see cref="Received"/> keeps
/// every Set-Cookie line for tests that look at the attributes.
/// </summary>
public sealed class CookieJar : DelegatingHandler
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public CookieJar() : base(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { }

    public List<string> Received { get; } = [];

    public string? this[string name] => _cookies.GetValueOrDefault(name);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_cookies)
            if (_cookies.Count > 0) request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var lines))
            lock (_cookies)
                foreach (var line in lines)
                {
                    Received.Add(line);
                    var parts = line.Split(';');
                    var pair = parts[0].Split('=', 2);
                    var expired = parts.Skip(1).Select(p => p.Trim()).Any(p =>
                        p.StartsWith("expires=", StringComparison.OrdinalIgnoreCase)
                        && DateTimeOffset.TryParse(p[8..], out var at) && at < DateTimeOffset.UtcNow);
                    if (pair.Length != 2) continue;
                    if (expired || pair[1].Length == 0) _cookies.Remove(pair[0].Trim());
                    else _cookies[pair[0].Trim()] = pair[1].Trim();
                }
        return response;
    }
}
