using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.Storage.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.SignIn;

/// <summary>
/// Repeated failures lock an account, and nobody can tell from the answer — status and body, on the
/// API and on the login page — whether an email is unknown, its password wrong or its account
/// locked; the unknown email pays for a password hash like the others. The server locks after
/// three failures for three seconds and counts the hasher's verifications.
/// </summary>
public abstract partial class LockoutTests(LockoutPortal server)
{
    [Fact]
    public async Task Api_UnknownEmailWrongPasswordAndLockedAccount_GetTheSameAnswer()
    {
        var locked = await LockedUserAsync();
        var rep2 = TestUsers.UniqueEmail("wrongpw");
        await server.CreateUserAsync(rep2, "rep");

        var unknown = await ApiLoginAsync(TestUsers.UniqueEmail("nobody"), PortalServer.Password);
        var wrong = await ApiLoginAsync(rep2, "not-the-password");
        var lockedOut = await ApiLoginAsync(locked, PortalServer.Password);

        foreach (var answer in new[] { unknown, wrong, lockedOut })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
            Assert.Equal(Normalized(unknown.Body), Normalized(answer.Body));
        }
        Assert.Equal("The email or password is not correct.", JsonNode.Parse(unknown.Body)!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Page_UnknownEmailWrongPasswordAndLockedAccount_GetTheSameAnswer()
    {
        var locked = await LockedUserAsync();
        var other = TestUsers.UniqueEmail("wrongpw");
        await server.CreateUserAsync(other, "rep");

        var unknown = await PageLoginAsync(TestUsers.UniqueEmail("nobody"), PortalServer.Password);
        var wrong = await PageLoginAsync(other, "not-the-password");
        var lockedOut = await PageLoginAsync(locked, PortalServer.Password);

        foreach (var answer in new[] { unknown, wrong, lockedOut })
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Contains("The email or password is not correct.", answer.Body);
            Assert.Equal(unknown.Body, answer.Body);
        }
    }

    [Fact]
    public async Task LockedAccount_IsRefusedWithTheRightPassword_UntilTheLockoutEnds()
    {
        var email = await LockedUserAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiLoginAsync(email, PortalServer.Password)).Status);
        Assert.Equal(HttpStatusCode.OK, (await PageLoginAsync(email, PortalServer.Password)).Status);

        await Task.Delay(LockoutPortal.LockoutTime + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await ApiLoginAsync(email, PortalServer.Password)).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await PageLoginAsync(email, PortalServer.Password)).Status);
    }

    [Fact]
    public async Task UnknownEmailAndLockedAccount_StillVerifyAPasswordHash()
    {
        var locked = await LockedUserAsync();

        foreach (var email in new[] { TestUsers.UniqueEmail("nobody"), "not an email\0", locked })
        {
            var before = server.Hasher.Verifications;
            Assert.Equal(HttpStatusCode.Unauthorized, (await ApiLoginAsync(email, "whatever-password")).Status);
            Assert.Equal(before + 1, server.Hasher.Verifications);
        }
        // (A form field holding a NUL is refused by ASP.NET Core before the page, whoever it names.)
        foreach (var email in new[] { TestUsers.UniqueEmail("nobody"), locked })
        {
            var before = server.Hasher.Verifications;
            Assert.Equal(HttpStatusCode.OK, (await PageLoginAsync(email, "whatever-password")).Status);
            Assert.Equal(before + 1, server.Hasher.Verifications);
        }
    }

    /// <summary>A new account with role rep, locked by three wrong passwords (over the API and the page).</summary>
    private async Task<string> LockedUserAsync()
    {
        var email = TestUsers.UniqueEmail("locked");
        await server.CreateUserAsync(email, "rep");
        for (var i = 0; i < LockoutPortal.Attempts - 1; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await ApiLoginAsync(email, "wrong-password-" + i)).Status);
        Assert.Equal(HttpStatusCode.OK, (await PageLoginAsync(email, "wrong-password-last")).Status);
        return email;
    }

    private async Task<(HttpStatusCode Status, string Body)> ApiLoginAsync(string email, string password)
    {
        using var client = server.Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/identity/login", new { email, password });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// The login page's answer with what differs from request to request by design taken out: the
    /// fresh antiforgery token and the email typed, which the form shows again.
    /// </summary>
    private async Task<(HttpStatusCode Status, string Body)> PageLoginAsync(string email, string password)
    {
        using var client = server.Anonymous();
        var form = await (await client.GetAsync("/Account/Login")).Content.ReadAsStringAsync();
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenPattern().Match(form).Groups[1].Value,
            ["Input.Email"] = email, ["Input.Password"] = password,
        }));
        var body = await response.Content.ReadAsStringAsync();
        body = TokenPattern().Replace(body, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"…\"");
        body = body.Replace(WebUtility.HtmlEncode(email), "…").Replace(email, "…");
        return (response.StatusCode, body);
    }

    /// <summary>A problem's body without its trace id, which is each request's own.</summary>
    private static string Normalized(string problem)
    {
        var node = JsonNode.Parse(problem)!.AsObject();
        node.Remove("traceId");
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>The portal with a short lockout (three failures, three seconds) and a password hasher that counts.</summary>
public abstract class LockoutPortal(DatabaseProvider database) : PortalServer(database)
{
    public const int Attempts = 3;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromSeconds(3);

    public CountingPasswordHasher Hasher { get; } = new();

    protected override void Configure(IWebHostBuilder builder) => builder.ConfigureTestServices(services =>
    {
        services.Configure<IdentityOptions>(options =>
        {
            options.Lockout.MaxFailedAccessAttempts = Attempts;
            options.Lockout.DefaultLockoutTimeSpan = LockoutTime;
        });
        services.AddSingleton<IPasswordHasher<AppUser>>(Hasher);
    });
}

/// <summary>Identity's own hasher, counting how often a password is checked against a hash.</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<AppUser>
{
    private readonly PasswordHasher<AppUser> _inner = new();
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

public sealed class SqliteLockoutPortal() : LockoutPortal(new SqliteDatabase());

public sealed class PostgresLockoutPortal() : LockoutPortal(new PostgresDatabase());

public sealed class LockoutOnSqlite(SqliteLockoutPortal server) : LockoutTests(server), IClassFixture<SqliteLockoutPortal>;

public sealed class LockoutOnPostgres(PostgresLockoutPortal server) : LockoutTests(server), IClassFixture<PostgresLockoutPortal>;
