using System.Text.Encodings.Web;
using System.Text.Unicode;
using FunnelStudio.Portal.Admin;
using FunnelStudio.Portal.Analytics.Forecast;
using FunnelStudio.Portal.Api;
using FunnelStudio.Portal.Demo;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Notifications;
using FunnelStudio.Portal.Outbox;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using FunnelStudio.Storage;
using FunnelStudio.Storage.Backtest;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;

namespace FunnelStudio.Portal.Hosting;

/// <summary>The portal's composition: each capability registers itself here with one call.</summary>
public static class FunnelStudioHosting
{
    public static WebApplicationBuilder AddFunnelStudio(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FunnelStudioOptions>()
            .Bind(builder.Configuration.GetSection(FunnelStudioOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<FunnelStudioOptions>, FunnelStudioOptionsValidator>();

        services.AddFunnelStudioScripting(builder.Configuration);
        services.AddFunnelStudioTemplating(builder.Configuration);
        services.AddFunnelStudioNotifications(builder.Configuration);
        services.AddFunnelStudioStorage(builder.Configuration);
        services.AddFunnelStudioBacktest();
        services.AddFunnelStudioEngine();
        services.AddFunnelStudioIdentity();
        services.AddFunnelStudioLocalization();
        services.AddFunnelStudioProblems();
        services.AddFunnelStudioApi();
        services.AddFunnelStudioUi();
        services.AddFunnelStudioSecurity();
        services.AddFunnelStudioAdmin();
        services.AddFunnelStudioOutboxDelivery(builder.Configuration);
        services.AddFunnelStudioForecastAnalytics(builder.Configuration);
        services.AddScoped<DemoSeeder>();
        services.AddScoped<Reports.ReportCatalog>();
        services.AddScoped<Reports.ReportBuilderChoices>();
        services.AddScoped<Reports.DashboardBoard>();
        services.AddScoped<Reports.ReportLabels>();
        services.AddScoped<Reports.ReportPageData>();
        services.AddHostedService<IdempotencyKeyPurge>();
        services.AddHostedService<ConfigVersionFollower>();

        // Pages show Chinese text as itself, not as &#x...; entities; HTML-sensitive characters stay encoded.
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "FunnelStudio.Antiforgery";
            // htmx and fetch calls from the pages send the token in this header.
            options.HeaderName = "RequestVerificationToken";
        });
        services.AddRazorPages(options =>
            {
                options.Conventions.AuthorizeFolder("/");
                // Named one by one, so a new page under /Account is protected unless it is listed here.
                foreach (var page in new[] { "/Account/Login", "/Account/Logout", "/Account/AccessDenied", "/Account/Language" })
                    options.Conventions.AllowAnonymousToPage(page);
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseFunnelStudio(this WebApplication app)
    {
        app.UseFunnelStudioSecurity();
        // One request, one config version: a publish meanwhile takes effect with the next request.
        var runtime = app.Services.GetRequiredService<IPackageRuntime>();
        app.Use(async (context, next) =>
        {
            using var pin = runtime.Pin();
            await next(context);
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseAuthentication();
        app.UseActiveUsersOnly();
        app.UseAuthorization();

        app.MapOpenApi();
        app.MapFunnelStudioApi();
        app.MapRazorPages();
        return app;
    }
}
