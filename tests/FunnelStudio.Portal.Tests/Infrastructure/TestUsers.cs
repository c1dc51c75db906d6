using FunnelStudio.Access;
using FunnelStudio.Storage.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Infrastructure;

/// <summary>Accounts a test needs besides the demo users (set-up only: the tests then sign in over HTTP).</summary>
public static class TestUsers
{
    /// <summary>An active user with the demo password and these roles — none: a user the package gives nothing.</summary>
    public static async Task<string> CreateUserAsync(this PortalServer server, string email, params string[] roles)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, CreatedAt = DateTime.UtcNow };
        Check(await users.CreateAsync(user, PortalServer.Password));
        foreach (var role in roles) Check(await users.AddToRoleAsync(user, role));
        scope.ServiceProvider.GetRequiredService<IUserDirectory>().Invalidate();
        return user.Id;
    }

    public static string UniqueEmail(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}@example.com";

    private static void Check(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
}
