using FunnelStudio.Audit;
using FunnelStudio.Portal.Hosting;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Users;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Admin;

/// <summary>
/// First start without demo data: with <c>FunnelStudio:Admin:Email</c> and <c>:Password</c> set, a
/// database that had no user when the portal started gets that user, holding the package's first
/// admin role — otherwise nobody could ever sign in. Logged without the password.
/// </summary>
public sealed class FirstAdmin(UserAccounts accounts, IPackageRuntime runtime, IOptions<FunnelStudioOptions> options, ILogger<FirstAdmin> logger)
{
    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Admin;
        if (!settings.IsSet) return;
        var package = runtime.Current.Definition;
        var role = PackageRoles.FirstAdmin(package) ?? throw new InvalidOperationException(
            $"FunnelStudio:Admin is set, but the package '{package.Name}' declares no role with \"admin\": true to give the first admin.");
        var email = settings.Email!.Trim();
        var result = await accounts.CreateAsync(new NewUser(email, settings.DisplayName, settings.Password!, [role.Name], null),
            AuditActions.SystemActor, cancellationToken);
        if (result.Errors.Any(e => e.Code == UserAccountErrors.EmailTaken))
        {
            // The demo seed, started just before, may have created this very account.
            logger.LogInformation("The first admin {Email} exists already", email);
            return;
        }
        if (!result.Succeeded)
            throw new InvalidOperationException("The first admin from FunnelStudio:Admin cannot be created: " +
                string.Join(" ", result.Errors.Select(e => $"{e.Code}: {e.Message}")));
        logger.LogInformation("Created the first admin {Email} with the role {Role}", email, role.Name);
    }
}
