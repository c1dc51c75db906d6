using System.Net;
using System.Text.Json;

namespace FunnelStudio.Portal.Tests.Infrastructure;

/// <summary>Users created over the admin API for one test, each with a unique email and a known password.</summary>
public static class TestUsers
{
    public const string Url = "/api/v1/users";
    public const string Admin = "admin@funnelstudio.local";
    public const string Password = "Test-User-2026!";

    public static string UniqueEmail(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}@example.com";

    /// <summary>Creates a user with <paramref name="roles"/> and returns it as the API answered.</summary>
    public static async Task<JsonElement> CreateAsync(HttpClient admin, string prefix, string[] roles, string? managerId = null, string? displayName = null)
    {
        var email = UniqueEmail(prefix);
        var response = await admin.PostJsonAsync(Url, new { email, displayName = displayName ?? prefix, password = Password, roles, managerId });
        return await response.AssertOkAsync(HttpStatusCode.Created);
    }

    public static string Email(this JsonElement user) => user.GetProperty("email").GetString()!;

    public static string UserUrl(this JsonElement user) => $"{Url}/{user.Id()}";

    public static string[] Roles(this JsonElement user) => user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray();
}
