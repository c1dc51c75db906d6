using FunnelStudio.Access;
using FunnelStudio.Portal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Admin;

/// <summary><c>funnelstudio users add</c> on a running portal's database: the user it creates signs in to that portal.</summary>
public abstract class UsersAddCommandTests(PortalServer server)
{
    [Fact]
    public async Task UsersAdd_WithPackageRoles_CreatesAUserWhoSignsIn_UnderTheirManager_AndAuditsIt()
    {
        var email = TestUsers.UniqueEmail("cli");

        var run = Cli.Run(TestUsers.Password + "\n", ["users", "add", "--email", email, "--role", "rep", "--role", "finance",
            "--name", "命令行 User", "--password-stdin", "--manager", "manager@funnelstudio.local", .. Cli.On(server.Database)]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"created {email}", run.Out);
        Assert.DoesNotContain(TestUsers.Password, run.Out + run.Error);
        // The portal's user directory keeps its answers up to 30 seconds and the CLI is another process:
        // the test does not wait that long.
        server.Services.GetRequiredService<IUserDirectory>().Invalidate();
        using var user = await server.BearerClientAsync(email, TestUsers.Password);
        await (await user.GetAsync("/api/v1/objects")).AssertOkAsync();
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var created = (await (await admin.GetAsync($"{TestUsers.Url}?q={email}")).AssertOkAsync()).GetProperty("items")[0];
        Assert.Equal(["finance", "rep"], created.Roles());
        Assert.Equal("命令行 User", created.GetProperty("displayName").GetString());
        Assert.Equal("王经理 Wang Min", created.GetProperty("managerName").GetString());
        using var page = await server.CookieClientAsync(TestUsers.Admin);
        var audit = await page.GetStringAsync($"/admin/audit?target={created.Id()}");
        Assert.Contains("data-action=\"user.created\"", audit);
        Assert.Contains("Command line", audit);
    }

    [Fact]
    public async Task UsersAdd_WithARoleOutsideThePackage_ExitsOne_NamingIt_AndCreatesNobody()
    {
        var email = TestUsers.UniqueEmail("cli-bad-role");

        var run = Cli.Run(null, ["users", "add", "--email", email, "--role", "superuser", "--password", TestUsers.Password, .. Cli.On(server.Database)]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("ROLE_UNKNOWN", run.Error);
        Assert.Contains("superuser", run.Error);
        Assert.Contains("admin, manager, rep, finance", run.Error);
        using var admin = await server.SignInAsync(TestUsers.Admin);
        Assert.Equal(0, (await (await admin.GetAsync($"{TestUsers.Url}?q={email}")).AssertOkAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public void UsersAdd_WithATakenEmailAWeakPasswordOrAnUnknownManager_ExitsOne_WithTheCode()
    {
        var taken = Cli.Run(null, ["users", "add", "--email", "rep@funnelstudio.local", "--role", "rep", "--password", TestUsers.Password, .. Cli.On(server.Database)]);
        var weak = Cli.Run("weak\n", ["users", "add", "--email", TestUsers.UniqueEmail("cli-weak"), "--role", "rep", "--password-stdin", .. Cli.On(server.Database)]);
        var manager = Cli.Run(null, ["users", "add", "--email", TestUsers.UniqueEmail("cli-orphan"), "--role", "rep", "--password", TestUsers.Password,
            "--manager", "nobody@example.com", .. Cli.On(server.Database)]);

        Assert.True(taken.ExitCode == 1 && taken.Error.Contains("EMAIL_TAKEN"), taken.ToString());
        Assert.True(weak.ExitCode == 1 && weak.Error.Contains("PASSWORD_INVALID") && weak.Error.Contains("at least 8 characters"), weak.ToString());
        Assert.True(manager.ExitCode == 1 && manager.Error.Contains("MANAGER_UNKNOWN"), manager.ToString());
    }

    [Fact]
    public void UsersAdd_WithoutEmailRoleOrConnection_IsAUsageError()
    {
        var noRole = Cli.Run(null, ["users", "add", "--email", "x@example.com", "--password", TestUsers.Password, .. Cli.On(server.Database)]);
        var noConnection = Cli.Run(null, "users", "add", "--email", "x@example.com", "--role", "rep", "--password", TestUsers.Password);
        var bothPasswords = Cli.Run("x\n", ["users", "add", "--email", "x@example.com", "--role", "rep", "--password", "x", "--password-stdin", .. Cli.On(server.Database)]);
        var noStdin = Cli.Run(null, ["users", "add", "--email", "x@example.com", "--role", "rep", .. Cli.On(server.Database)]);

        Assert.True(noRole.ExitCode == 2 && noRole.Error.Contains("--role is required"), noRole.ToString());
        Assert.True(noConnection.ExitCode == 2 && noConnection.Error.Contains("--connection is required"), noConnection.ToString());
        Assert.True(bothPasswords.ExitCode == 2, bothPasswords.ToString());
        Assert.True(noStdin.ExitCode == 2 && noStdin.Error.Contains("--password-stdin"), noStdin.ToString());
    }
}

public sealed class UsersAddCommandOnSqlite(SqlitePortal server) : UsersAddCommandTests(server), IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task UsersAdd_OnADatabaseWithoutAPublishedPackage_MigratesIt_AndExitsFour()
    {
        await using var empty = new SqliteDatabase();
        await empty.CreateAsync();

        var run = Cli.Run(null, ["users", "add", "--email", "first@example.com", "--role", "admin", "--password", TestUsers.Password, .. Cli.On(empty)]);

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("no config package is published", run.Error);
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(empty.ConnectionString);
        await connection.OpenAsync();
        await using var migrations = connection.CreateCommand();
        migrations.CommandText = "SELECT COUNT(*) FROM \"__EFMigrationsHistory\"";
        Assert.True((long)(await migrations.ExecuteScalarAsync())! > 0, "the database was created and migrated");
    }
}

public sealed class UsersAddCommandOnPostgres(PostgresPortal server) : UsersAddCommandTests(server), IClassFixture<PostgresPortal>;
