using System.Net;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Hosting;

/// <summary>
/// What every response carries and how the portal sits behind a proxy: forwarded headers from known
/// proxies only; outside Development HSTS and <c>Secure</c> on every cookie (sign-in, antiforgery,
/// language); a Content-Security-Policy that runs no inline script (page behaviour lives in
/// <c>wwwroot/js</c>), loads nothing from elsewhere and cannot be framed.
/// </summary>
public static class SecuritySetup
{
    /// <summary>
    /// Scripts and styles from the portal's own files only — no inline script, no inline style
    /// (htmx's indicator styles are off: <c>includeIndicatorStyles=false</c> in the layout). Images
    /// may be <c>data:</c> URLs: Bootstrap draws its select arrows and checkboxes with them.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddFunnelStudioSecurity(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<FunnelStudioOptions>>((options, settings) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Loopback stays trusted (ASP.NET Core's default); the settings add the real proxies. Bad
            // entries are refused at start by FunnelStudioOptionsValidator.
            var proxies = settings.Value.ForwardedHeaders;
            foreach (var proxy in proxies.KnownProxies)
                if (IPAddress.TryParse(proxy, out var address)) options.KnownProxies.Add(address);
            foreach (var network in proxies.KnownNetworks)
                if (System.Net.IPNetwork.TryParse(network, out var parsed)) options.KnownIPNetworks.Add(parsed);
        });
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false;
        });
        // One policy for every cookie the portal writes, including ones added later.
        // Outside Development the portal is served over HTTPS (directly or behind a proxy): a cookie
        // never travels in the clear. In Development, `dotnet run` serves http://localhost.
        services.AddOptions<CookiePolicyOptions>().Configure<IHostEnvironment>((options, environment) =>
        {
            options.Secure = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.HttpOnly = HttpOnlyPolicy.Always;
        });
        return services;
    }

    /// <summary>
    /// First in the pipeline: the request's scheme and client address as the proxy saw them (so HSTS,
    /// cookies and redirects know the request came over HTTPS), HSTS, the cookie policy and the headers.
    /// </summary>
    public static WebApplication UseFunnelStudioSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseCookiePolicy();
        app.Use(SecurityHeaders);
        return app;
    }

    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        // Added as the response starts, so error answers (whose headers the exception handler clears) carry them too.
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        }, context);
        return next();
    }
}
