using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FunnelStudio.Storage.Providers;

/// <summary>The PostgreSQL flavour of the model (jsonb, timestamptz); its migrations live in <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresFunnelStudioDbContext(DbContextOptions<PostgresFunnelStudioDbContext> options)
    : FunnelStudioDbContext(options)
{
    protected override string JsonColumnType => "jsonb";
}

/// <summary>Used only by <c>dotnet ef migrations add … --context PostgresFunnelStudioDbContext</c>; never connects.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresFunnelStudioDbContext>
{
    public PostgresFunnelStudioDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresFunnelStudioDbContext>().UseNpgsql("Host=localhost;Database=funnelstudio").Options);
}
