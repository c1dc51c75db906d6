using FunnelStudio.Saving;
using FunnelStudio.Storage;
using FunnelStudio.Storage.Backtest;
using FunnelStudio.Storage.Identity;
using FunnelStudio.Storage.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Cli.Users;

/// <summary>
/// The portal's storage, engine and Identity services for one CLI run against a database, with the
/// same account rules as the portal — so a user the CLI creates is one the portal would have created.
/// Nothing is logged: the command prints what the operator needs.
/// </summary>
internal static class DatabaseServices
{
    public static ServiceProvider Build(DatabaseSettings settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [FunnelStudioStorageOptions.ProviderKey] = settings.Provider,
            [$"ConnectionStrings:{FunnelStudioStorageOptions.ConnectionStringName}"] = settings.Connection,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFunnelStudioStorage(configuration);
        services.AddFunnelStudioEngine();
        services.AddFunnelStudioBacktest();
        services.AddIdentityCore<AppUser>(AccountRules.Apply)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<FunnelStudioDbContext>();
        services.AddFunnelStudioUserAccounts();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Migrates the database (creating it when needed) and loads its published package; false when none was published.</summary>
    public static async Task<bool> PrepareAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.MigrateFunnelStudioAsync(cancellationToken);
        return await services.GetRequiredService<IPackageRuntime>().LoadPublishedAsync(cancellationToken);
    }
}
