using System.Net;
using FunnelStudio.Portal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace FunnelStudio.Portal.Tests.Admin;

/// <summary>
/// A production install: no demo data, the first admin from FunnelStudio:Admin. That admin can
/// sign in and manage users, and cannot lock everyone out by removing the last admin.
/// </summary>
public abstract class FirstStartAdminTests(PortalServer server)
{
    public const string Email = "owner@example.com";
    public const string Password = "First-Admin-2026!";

    [Fact]
    public async Task FirstStart_WithoutDemoData_CreatesTheConfiguredAdmin_WhoSignsIn()
    {
        using var admin = await server.BearerClientAsync(Email, Password);

        var users = await (await admin.GetAsync($"{TestUsers.Url}?pageSize=200")).AssertOkAsync();

        var all = users.GetProperty("items").EnumerateArray().ToList();
        Assert.DoesNotContain(all, u => u.Email().EndsWith("@funnelstudio.local", StringComparison.Ordinal));
        var only = Assert.Single(all, u => u.Email() == Email);
        Assert.Equal("Owner 管理员", only.GetProperty("displayName").GetString());
        Assert.Equal(["admin"], only.Roles());
        var deals = await (await admin.GetAsync(Deals.Url)).AssertOkAsync();
        Assert.Equal(0, deals.GetProperty("total").GetInt32());
        using var page = await server.CookieClientAsync(Email, Password);
        var audit = await page.GetStringAsync($"/admin/audit?action=user.created&target={only.Id()}");
        Assert.Contains("data-action=\"user.created\"", audit);
        Assert.Contains("FunnelStudio (start-up)", audit);
        Assert.DoesNotContain(Password, audit);
    }

    [Fact]
    public async Task TheLastAdmin_CannotBeDeactivatedOrLoseTheAdminRole()
    {
        using var admin = await server.BearerClientAsync(Email, Password);
        var me = (await (await admin.GetAsync($"{TestUsers.Url}?q={Email}")).AssertOkAsync()).GetProperty("items")[0];

        await (await admin.PatchJsonAsync(me.UserUrl(), new { active = false })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "LAST_ADMIN");
        await (await admin.PatchJsonAsync(me.UserUrl(), new { roles = new[] { "rep" } })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "LAST_ADMIN");

        var second = await TestUsers.CreateAsync(admin, "deputy", ["admin"]);
        await (await admin.PatchJsonAsync(second.UserUrl(), new { roles = new[] { "rep" } })).AssertOkAsync();
        await (await admin.PatchJsonAsync(me.UserUrl(), new { roles = new[] { "rep" } })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "LAST_ADMIN");
        Assert.Equal(["admin"], (await (await admin.GetAsync(me.UserUrl())).AssertOkAsync()).Roles());
    }
}

/// <summary>The portal as a production install starts it: no demo seed, a first admin in the settings.</summary>
public abstract class FirstStartPortal(DatabaseProvider database) : PortalServer(database)
{
    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("FunnelStudio:Demo:Seed", "false");
        builder.UseSetting("FunnelStudio:Admin:Email", FirstStartAdminTests.Email);
        builder.UseSetting("FunnelStudio:Admin:Password", FirstStartAdminTests.Password);
        builder.UseSetting("FunnelStudio:Admin:DisplayName", "Owner 管理员");
    }
}

public sealed class SqliteFirstStartPortal() : FirstStartPortal(new SqliteDatabase());

public sealed class PostgresFirstStartPortal() : FirstStartPortal(new PostgresDatabase());

public sealed class FirstStartAdminOnSqlite(SqliteFirstStartPortal server) : FirstStartAdminTests(server), IClassFixture<SqliteFirstStartPortal>;

public sealed class FirstStartAdminOnPostgres(PostgresFirstStartPortal server) : FirstStartAdminTests(server), IClassFixture<PostgresFirstStartPortal>;
