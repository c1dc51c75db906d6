using FunnelStudio.Loading;
using FunnelStudio.Portal.Admin;
using FunnelStudio.Portal.Demo;
using FunnelStudio.Saving;
using FunnelStudio.Storage;
using FunnelStudio.Storage.Users;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Hosting;

/// <summary>
/// First-start work, before the server accepts requests: migrate the database, publish the
/// configured package when no version was ever published (else load the published one, and with
/// <c>PublishOnStart=ifChanged</c> publish the folder when its files differ from it), and, in a
/// database without users, seed the demo users and deals (in Development, or when asked to) and
/// create the configured first admin.
/// </summary>
public static class FunnelStudioStartup
{
    public static async Task InitializeFunnelStudioAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("FunnelStudio.Startup");
        var options = services.GetRequiredService<IOptions<FunnelStudioOptions>>().Value;

        await services.MigrateFunnelStudioAsync(cancellationToken);

        var runtime = services.GetRequiredService<IPackageRuntime>();
        var folder = PackageFolder.Resolve(options.Package, app.Environment.ContentRootPath);
        if (!await runtime.LoadPublishedAsync(cancellationToken))
        {
            await StartupPublish.PublishAsync(services, folder, options.Package, cancellationToken);
            logger.LogInformation("Published config package {Package} {Version} from {Folder}",
                runtime.Current.Definition.Name, runtime.Current.Definition.Version, options.Package);
        }
        else if (options.PublishOnStart == PublishOnStart.IfChanged)
        {
            var active = await services.GetRequiredService<IConfigVersionStore>().PublishedAsync(cancellationToken);
            if (active is null || StartupPublish.Differs(PackageFiles.ReadAll(PackageSources.Folder(folder)), active.Files))
            {
                await StartupPublish.PublishAsync(services, folder, options.Package, cancellationToken);
                logger.LogInformation("Published the changed config package {Package} {Version} from {Folder} as version {Id}",
                    runtime.Current.Definition.Name, runtime.Current.Definition.Version, options.Package, runtime.VersionId);
            }
        }

        await PackageRoles.EnsureAsync(services.GetRequiredService<Microsoft.AspNetCore.Identity.RoleManager<Microsoft.AspNetCore.Identity.IdentityRole>>(),
            runtime.Current.Definition);

        // Decided before the demo seed adds its users: both belong to a database that had none.
        var noUsersYet = await services.GetRequiredService<UserAccounts>().NoUsersYetAsync(cancellationToken);
        // Demo data belongs to development: elsewhere only an explicit FunnelStudio:Demo:Seed=true seeds.
        if (options.Demo.Seed ?? app.Environment.IsDevelopment())
            await services.GetRequiredService<DemoSeeder>().SeedAsync(app.Urls.FirstOrDefault()
                ?? app.Configuration["Urls"]?.Split(';')[0] ?? "http://localhost:5080", cancellationToken);
        if (noUsersYet)
            await services.GetRequiredService<FirstAdmin>().CreateAsync(cancellationToken);
    }
}
