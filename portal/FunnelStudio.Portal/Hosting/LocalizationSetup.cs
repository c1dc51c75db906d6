using System.Globalization;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Localization;

namespace FunnelStudio.Portal.Hosting;

/// <summary>
/// UI languages: en and zh-CN, chosen by the culture cookie, then the browser's Accept-Language,
/// then the published package's <c>defaultLocale</c>.
/// </summary>
public static class LocalizationSetup
{
    public static readonly string[] Cultures = ["en", "zh-CN"];

    public static IServiceCollection AddFunnelStudioLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Cultures.Select(c => new CultureInfo(c)).ToList();
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
                new PackageDefaultCultureProvider(),
            ];
        });
        return services;
    }

    /// <summary>The package's default language, when neither the cookie nor the browser names a supported one.</summary>
    private sealed class PackageDefaultCultureProvider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var runtime = httpContext.RequestServices.GetService<IPackageRuntime>();
            string? locale = null;
            try { locale = runtime?.Current.Definition.DefaultLocale; }
            catch (InvalidOperationException) { /* no package published yet: fall back to en */ }
            return Task.FromResult(locale is null || !Cultures.Contains(locale) ? null : new ProviderCultureResult(locale));
        }
    }
}
