using FunnelStudio.Saving;
using FunnelStudio.Storage.Sql;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests;

/// <summary>Choosing the provider and connection from configuration; bad settings refused at start.</summary>
public sealed class StorageRegistrationTests
{
    private static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void ReadOptions_WithNothingSet_UsesSqliteUnderData()
    {
        var options = StorageServiceCollectionExtensions.ReadOptions(Configuration());

        Assert.Equal(StorageProvider.Sqlite, options.Provider);
        Assert.Equal("Data Source=data/funnelstudio.db", options.ConnectionString);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("PostgreSQL")]
    public void ReadOptions_WithPostgres_UsesTheConnectionString(string provider)
    {
        var options = StorageServiceCollectionExtensions.ReadOptions(Configuration(
            ("FunnelStudio:Database:Provider", provider), ("ConnectionStrings:FunnelStudio", "Host=127.0.0.1;Database=fs")));

        Assert.Equal(StorageProvider.Postgres, options.Provider);
        Assert.Equal("Host=127.0.0.1;Database=fs", options.ConnectionString);
    }

    [Fact]
    public void ReadOptions_WithPostgresButNoConnectionString_SaysWhatIsMissing()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            StorageServiceCollectionExtensions.ReadOptions(Configuration(("FunnelStudio:Database:Provider", "postgres"))));

        Assert.Contains("ConnectionStrings:FunnelStudio", error.Message);
    }

    [Fact]
    public void ReadOptions_WithAnUnknownProvider_NamesTheChoices()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            StorageServiceCollectionExtensions.ReadOptions(Configuration(("FunnelStudio:Database:Provider", "oracle"))));

        Assert.Contains("'sqlite'", error.Message);
        Assert.Contains("'postgres'", error.Message);
    }

    [Fact]
    public void ReadOptions_MaxQueuedCreates_DefaultsToAThousand_AndTakesAWholeNumber()
    {
        Assert.Equal(1000, StorageServiceCollectionExtensions.ReadOptions(Configuration()).MaxQueuedCreates);
        Assert.Equal(5, StorageServiceCollectionExtensions.ReadOptions(Configuration(("FunnelStudio:Database:MaxQueuedCreates", "5"))).MaxQueuedCreates);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("lots")]
    [InlineData("2000000")]
    public void ReadOptions_WithABadMaxQueuedCreates_RefusesToStart(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            StorageServiceCollectionExtensions.ReadOptions(Configuration(("FunnelStudio:Database:MaxQueuedCreates", value))));

        Assert.Contains("FunnelStudio:Database:MaxQueuedCreates", error.Message);
    }

    [Fact]
    public void SaveTraceOptions_DefaultToTwoWeeksAndTenThousandQueued_AndTakeWholeNumbers()
    {
        Assert.Equal((14, 10_000), (Storage.Tracing.SaveTraceOptions.Read(Configuration()).KeepDays, Storage.Tracing.SaveTraceOptions.Read(Configuration()).QueueCapacity));
        var set = Storage.Tracing.SaveTraceOptions.Read(Configuration(("FunnelStudio:Traces:KeepDays", "3"), ("FunnelStudio:Traces:QueueCapacity", "500")));
        Assert.Equal((3, 500), (set.KeepDays, set.QueueCapacity));
    }

    [Theory]
    [InlineData("FunnelStudio:Traces:KeepDays", "0")]
    [InlineData("FunnelStudio:Traces:KeepDays", "forever")]
    [InlineData("FunnelStudio:Traces:QueueCapacity", "10")]
    [InlineData("FunnelStudio:Traces:QueueCapacity", "2147483647")]
    public void SaveTraceOptions_WithABadValue_RefuseToStart(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Storage.Tracing.SaveTraceOptions.Read(Configuration((key, value))));

        Assert.Contains(key, error.Message);
    }

    [Fact]
    public async Task AddStorage_WithSqlite_CreatesTheFolderAndMigratesOnStart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "funnelstudio-registration-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var file = Path.Combine(folder, "nested", "data", "fs.db");
            var services = new ServiceCollection()
                .AddFunnelStudioStorage(Configuration(("ConnectionStrings:FunnelStudio", $"Data Source={file}")))
                .BuildServiceProvider();
            await using (services)
            {
                Assert.True(Directory.Exists(Path.GetDirectoryName(file)));
                await services.MigrateFunnelStudioAsync();
                Assert.True(File.Exists(file));
                Assert.IsType<FunnelStudio.Storage.Records.EfRecordStore>(services.GetRequiredService<IRecordStore>());
                Assert.NotNull(services.GetRequiredService<IConfigVersionStore>());
                Assert.NotNull(services.GetRequiredService<IFieldIndexer>());
                using var scope = services.CreateScope();
                Assert.IsType<Providers.SqliteFunnelStudioDbContext>(scope.ServiceProvider.GetRequiredService<FunnelStudioDbContext>());
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=fs", "Host=127.0.0.1;Database=fs;Max Auto Prepare=64;No Reset On Close=true")]
    [InlineData("Host=127.0.0.1;Database=fs;", "Host=127.0.0.1;Database=fs;Max Auto Prepare=64;No Reset On Close=true")]
    [InlineData("Host=h;Max Auto Prepare=0", "Host=h;Max Auto Prepare=0;No Reset On Close=true")]
    [InlineData("Host=h;MaxAutoPrepare=8;No Reset On Close=false", "Host=h;MaxAutoPrepare=8;No Reset On Close=false")]
    [InlineData("Host=h;noresetonclose=false", "Host=h;noresetonclose=false;Max Auto Prepare=64")]
    public void WithNpgsqlDefaults_PreparesHotStatementsAndSkipsTheReset_UnlessTheConnectionStringSaysOtherwise(string given, string expected) =>
        Assert.Equal(expected, StorageServiceCollectionExtensions.WithNpgsqlDefaults(given));
}
