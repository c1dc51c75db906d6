using System.Net;
using System.Text.Json;
using FunnelStudio.Access;
using FunnelStudio.Storage.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Infrastructure;

/// <summary>
/// Users a test needs besides the demo users, each with a unique email and a known password: over
/// the admin API (what an admin does), or set up in-process when the test is about something the API
/// itself would refuse (a user without any role).
/// </summary>
public static class TestUsers
{
    public const string Url = "/api/v1/users";
    public const string Admin = "admin@funnelstudio.local";
    public const string Password = "Test-User-2026!";

    public static string UniqueEmail(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}@example.com";

    /// <summary>Creates a user with <paramref name="roles"/> over the admin API and returns it as the API answered.</summary>
    public static async Task<JsonElement> CreateAsync(HttpClient admin, string prefix, string[] roles, string? managerId = null, string? displayName = null)
    {
        var email = UniqueEmail(prefix);
        var response = await admin.PostJsonAsync(Url, new { email, displayName = displayName ?? prefix, password = Password, roles, managerId });
        return await response.AssertOkAsync(HttpStatusCode.Created);
    }

    public static string Email(this JsonElement user) => user.GetProperty("email").GetString()!;

    public static string UserUrl(this JsonElement user) => $"{Url}/{user.Id()}";

    public static string[] Roles(this JsonElement user) => user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray();

    /// <summary>
    /// An active user with the demo password and these roles, created in-process — none: a user the
    /// package gives nothing, which the admin API refuses to create (ROLE_REQUIRED).
    /// </summary>
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

    private static void Check(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
}
