using FunnelStudio.Saving;
using FunnelStudio.Storage.Config;
using FunnelStudio.Storage.Records;
using FunnelStudio.Storage.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Fixtures;

/// <summary>
/// A fresh, migrated database for one test class, wired exactly as the portal wires it
/// (<c>AddFunnelStudioStorage</c> + <c>MigrateFunnelStudioAsync</c>). Tests keep apart by
/// using their own object names (<see cref="TestObjects"/>).
/// </summary>
public abstract class StorageDatabase : IAsyncLifetime
{
    private ServiceProvider? _services;

    public abstract StorageProvider Provider { get; }

    public TestObjects Objects { get; } = new();

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("The database is not ready.");

    /// <summary>The settings the database was registered with, for a test that wires more on top (the engine).</summary>
    public IConfiguration Configuration { get; private set; } = null!;

    public IRecordStore Store => Services.GetRequiredService<IRecordStore>();

    public EfConfigVersionStore ConfigVersions => Services.GetRequiredService<EfConfigVersionStore>();

    public IFieldIndexer Indexer => Services.GetRequiredService<IFieldIndexer>();

    internal SqlDialect Dialect => SqlDialect.For(Provider);

    /// <summary>Commit failures a test can arm (an EF interceptor of every context).</summary>
    public CommitFaults Faults { get; } = new();

    /// <summary>Settings beyond the provider and connection string (e.g. a tiny create queue).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public FunnelStudioDbContext CreateContext() => Services.GetRequiredService<IDbContextFactory<FunnelStudioDbContext>>().CreateDbContext();

    /// <summary>Creates an empty database and returns its connection string.</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    public async Task InitializeAsync()
    {
        var connectionString = await CreateDatabaseAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FunnelStudio:Database:Provider"] = Provider == StorageProvider.Postgres ? "postgres" : "sqlite",
            ["ConnectionStrings:FunnelStudio"] = connectionString,
        }).AddInMemoryCollection(Settings).Build();
        Configuration = configuration;
        var services = new ServiceCollection();
        services.AddSingleton<IObjectDefinitionSource>(Objects);
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(Faults);
        services.AddFunnelStudioStorage(configuration);
        _services = services.BuildServiceProvider();
        await _services.MigrateFunnelStudioAsync();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        await DropDatabaseAsync();
    }

    /// <summary>Runs a query that returns one text column, for looking at the schema.</summary>
    public async Task<List<string>> TextColumnAsync(string sql)
    {
        await using var db = CreateContext();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync()) values.Add(Convert.ToString(reader.GetValue(reader.FieldCount - 1))!);
        } while (await reader.NextResultAsync());
        return values;
    }
}
