using System.Text.Json;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.TestSupport;

namespace FunnelStudio.Portal.Tests.Hosting;

/// <summary>
/// The demo is the package's own data (<c>demo/*.json</c>): a package with other objects and roles
/// than b2b-saas gets its users, teams and records — with references, back-dated times and later
/// changes by other users resolved — and a record naming something that is not there is skipped
/// while the rest are seeded.
/// </summary>
public abstract class DemoSeedTests(DemoSeedPortal server)
{
    [Fact]
    public async Task TheDemoUsersGetThePackagesRoles_AndTheirManager()
    {
        using var root = await server.SignInAsync("root@demo.test");
        var users = await (await root.GetAsync("/api/v1/users")).AssertOkAsync();
        var byEmail = users.GetProperty("items").EnumerateArray().ToDictionary(u => u.GetProperty("email").GetString()!);
        Assert.Equal(["manager"], byEmail["boss@demo.test"].GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(byEmail["boss@demo.test"].Id(), byEmail["seller@demo.test"].GetProperty("managerId").GetString());
        // A role the package does not declare is not given (and said in the log).
        Assert.Empty(byEmail["ghost@demo.test"].GetProperty("roles").EnumerateArray());
    }

    [Fact]
    public async Task Records_AreCreatedByTheirUser_BackDated_WithReferencesResolved_AndLaterChangesApplied()
    {
        using var boss = await server.SignInAsync("boss@demo.test");
        var companies = await (await boss.GetAsync("/api/v1/objects/company/records")).AssertOkAsync();
        var acme = Assert.Single(companies.GetProperty("items").EnumerateArray());
        Assert.Equal("Acme 示例", acme.GetProperty("title").GetString());
        using var root = await server.SignInAsync("root@demo.test");
        var users = await (await root.GetAsync("/api/v1/users")).AssertOkAsync();
        var sellerId = users.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("email").GetString() == "seller@demo.test").Id();
        Assert.Equal(sellerId, acme.GetProperty("owner").GetString());
        var age = DateTime.UtcNow - acme.GetProperty("createdAt").GetDateTime().ToUniversalTime();
        Assert.InRange(age.TotalDays, 29.9, 30.1);

        var people = await (await boss.GetAsync("/api/v1/objects/person/records")).AssertOkAsync();
        var person = Assert.Single(people.GetProperty("items").EnumerateArray());
        Assert.Equal(acme.Id(), person.GetProperty("values").GetProperty("company").GetString());
        // The manager's later edit, ten days ago.
        Assert.Equal("Zhou Li (renamed)", person.GetProperty("title").GetString());
        var updated = DateTime.UtcNow - person.GetProperty("updatedAt").GetDateTime().ToUniversalTime();
        Assert.InRange(updated.TotalDays, 9.9, 10.1);
    }
}

/// <summary>The links test package with a demo folder of its own (no b2b-saas names anywhere).</summary>
public abstract class DemoSeedPortal(DatabaseProvider database) : PortalServer(database)
{
    private readonly PackageVariant _variant = PackageVariant.OfFolder(Path.Combine(RepositoryPaths.Root, LinksPackage))
        .Write("demo/users.json", """
            { "users": [
              { "email": "root@demo.test", "name": "Root", "roles": ["admin"] },
              { "email": "boss@demo.test", "name": "Boss", "roles": ["manager"] },
              { "email": "seller@demo.test", "name": "Seller", "roles": ["rep"], "manager": "boss@demo.test" },
              { "email": "ghost@demo.test", "name": "Ghost", "roles": ["no_such_role"] }
            ] }
            """)
        .Write("demo/records.json", """
            { "records": [
              { "key": "acme", "object": "company", "as": "seller@demo.test", "at": { "daysAgo": 30 },
                "values": { "name": "Acme 示例", "owner": "@user:seller@demo.test" } },
              { "key": "zhou", "object": "person", "as": "seller@demo.test", "at": { "daysAgo": 20 },
                "values": { "name": "Zhou Li", "company": "@record:acme", "owner": "@user:seller@demo.test" },
                "then": [ { "as": "boss@demo.test", "at": { "daysAgo": 10 }, "values": { "name": "Zhou Li (renamed)" } } ] },
              { "key": "orphan", "object": "person", "as": "seller@demo.test", "at": { "daysAgo": 5 },
                "values": { "name": "Nobody", "company": "@record:not_there" } },
              { "key": "alien", "object": "spaceship", "as": "seller@demo.test", "at": { "daysAgo": 5 }, "values": { } }
            ] }
            """);

    protected override string? Package => _variant.Path;

    /// <summary>Every record of this package's demo.</summary>
    protected override int DemoRecordCount => 100;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _variant.Dispose();
    }
}

public sealed class SqliteDemoSeedPortal() : DemoSeedPortal(new SqliteDatabase());

public sealed class PostgresDemoSeedPortal() : DemoSeedPortal(new PostgresDatabase());

public sealed class DemoSeedOnSqlite(SqliteDemoSeedPortal server) : DemoSeedTests(server), IClassFixture<SqliteDemoSeedPortal>;

public sealed class DemoSeedOnPostgres(PostgresDemoSeedPortal server) : DemoSeedTests(server), IClassFixture<PostgresDemoSeedPortal>;
