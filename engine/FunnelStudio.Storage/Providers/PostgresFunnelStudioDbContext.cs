using FunnelStudio.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FunnelStudio.Storage.Providers;

/// <summary>The PostgreSQL flavour of the model (jsonb, timestamptz); its migrations live in <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresFunnelStudioDbContext(DbContextOptions<PostgresFunnelStudioDbContext> options)
    : FunnelStudioDbContext(options)
{
    protected override string JsonColumnType => "jsonb";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // A covering index (migration CoveringOwnerIndexes): an owner's dashboard reads that owner's moves from
        // the index alone (index-only scans), instead of one heap visit per move. The records' owner index
        // was made covering too at first and dropped again: it changed the plan PostgreSQL picks for the
        // list page (custom plans each call instead of one generic plan, PlanCacheTests).
        builder.Entity<StageHistoryRow>().HasIndex(h => new { h.Object, h.OwnerId, h.At })
            .IncludeProperties(h => new { h.RecordId, h.Id, h.FromStage, h.ToStage, h.Amount, h.SecondsInPreviousStage });
        // The open pipeline of a dashboard (migration OpenPipelineIndex): the live records of some owners, by stage,
        // with what the figure reads, so it is an index-only scan instead of a heap visit per record (at a million
        // deals, one owner's open pipeline went from ~430 ms cold to ~9 ms).
        builder.Entity<RecordRow>().HasIndex(r => new { r.Object, r.OwnerId, r.Stage }, "ix_records__open_pipeline")
            .HasFilter("deleted = FALSE")
            .IncludeProperties(r => new { r.Amount, r.StageEnteredAt, r.CreatedAt });
    }
}

/// <summary>Used only by <c>dotnet ef migrations add … --context PostgresFunnelStudioDbContext</c>; never connects.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresFunnelStudioDbContext>
{
    public PostgresFunnelStudioDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresFunnelStudioDbContext>().UseNpgsql("Host=localhost;Database=funnelstudio").Options);
}
