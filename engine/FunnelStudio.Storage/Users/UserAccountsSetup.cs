using FunnelStudio.Audit;
using FunnelStudio.Storage.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Users;

/// <summary>Registers user administration for a host that has registered Identity (UserManager, RoleManager) over the storage.</summary>
public static class UserAccountsSetup
{
    /// <summary><see cref="UserAccounts"/>, <see cref="UserQueries"/> and the audit log they write to (all scoped, on the request's context).</summary>
    public static IServiceCollection AddFunnelStudioUserAccounts(this IServiceCollection services)
    {
        services.AddScoped<IAuditLog, EfAuditLog>();
        services.AddScoped<UserAccounts>();
        services.AddScoped<UserQueries>();
        return services;
    }
}
