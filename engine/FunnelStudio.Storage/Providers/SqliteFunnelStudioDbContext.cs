using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FunnelStudio.Storage.Providers;

/// <summary>The SQLite flavour of the model; its migrations live in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteFunnelStudioDbContext(DbContextOptions<SqliteFunnelStudioDbContext> options)
    : FunnelStudioDbContext(options)
{
    protected override string JsonColumnType => "TEXT";

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        base.ConfigureConventions(configuration);
        // SQLite keeps timestamps as text without a zone; every FunnelStudio timestamp is UTC.
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configuration.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : v,
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>Used only by <c>dotnet ef migrations add … --context SqliteFunnelStudioDbContext</c>.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteFunnelStudioDbContext>
{
    public SqliteFunnelStudioDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteFunnelStudioDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
