using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Analytics.Rollups;

/// <summary>
/// One row of <c>analytics_day_rollups</c>: the facts (<see cref="FactKind"/>) of one object, current owner,
/// calendar day (analytics zone), kind and stage. Facts without a bound are summed; medians do not add up, so
/// <see cref="Values"/> keeps their values themselves (doubles). Facts with a bound (a re-entry, a closing
/// later superseded) count or not depending on the period, so <see cref="Bounded"/> lists them one by one.
/// A year of one owner is a few thousand rows instead of the tens of thousands of moves behind them. Each month
/// also has rows (<see cref="Grain"/> 1) that sum its days' rows, for the periods that hold whole months: a year is
/// then a few hundred rows. And each day and month has rows without an owner (<see cref="OwnerId"/> null) that sum
/// every owner's rows, for the figures over all records.
/// </summary>
public sealed class DayRollupRow
{
    public long Id { get; set; }
    public string Object { get; set; } = "";
    /// <summary>The record's current owner; "" for records without one; null for the day's rows of every owner summed.</summary>
    public string? OwnerId { get; set; }
    /// <summary><see cref="DateOnly.DayNumber"/> of the day in the analytics zone; of the month's first day for a month row.</summary>
    public int Day { get; set; }
    /// <summary><see cref="RollupGrain.Day"/> or <see cref="RollupGrain.Month"/>.</summary>
    public short Grain { get; set; }
    public short Kind { get; set; }
    /// <summary>The stage entered (entered, closing) or left (left); "" for creations.</summary>
    public string Stage { get; set; } = "";
    public long Count { get; set; }
    public decimal? AmountSum { get; set; }
    public long AmountCount { get; set; }
    public double ValueSum { get; set; }
    public byte[]? Values { get; set; }
    /// <summary>The facts with a bound (see <see cref="FactKind"/>): bound, amount and value of each.</summary>
    public byte[]? Bounded { get; set; }
}

/// <summary>What one rollup row covers: a day, or a whole month (the sum of its days' rows).</summary>
public static class RollupGrain
{
    public const short Day = 0;
    public const short Month = 1;
}

/// <summary>
/// One row of <c>analytics_rollup_marks</c>: a move instant of (object, owner) whose day must be computed again.
/// Written by database triggers whenever a move, or a record's owner, amount, creation or deletion changes, so
/// every writer is seen; removed by <see cref="DayRollupMaintainer"/> once the day is rebuilt.
/// </summary>
public sealed class RollupMarkRow
{
    public long Id { get; set; }
    public string Object { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public DateTime At { get; set; }
}

/// <summary>
/// One row of <c>analytics_rollup_states</c>: an object's rollups exist (<see cref="Built"/>), for which zone and
/// which terminal stages. The row is written before a build starts, so the triggers mark from that moment on.
/// </summary>
public sealed class RollupStateRow
{
    public string Object { get; set; } = "";
    public string Zone { get; set; } = "";
    /// <summary>The terminal stage names, sorted and comma-separated: they decide every closing's bound.</summary>
    public string Terminals { get; set; } = "";
    public bool Built { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>The model of the three rollup tables (called from <see cref="FunnelStudioDbContext"/>).</summary>
internal static class DayRollupModel
{
    public static void Configure(ModelBuilder builder)
    {
        var rows = builder.Entity<DayRollupRow>();
        rows.ToTable("analytics_day_rollups");
        rows.HasKey(r => r.Id).HasName("pk_analytics_day_rollups");
        rows.Property(r => r.Id).HasColumnName("id");
        rows.Property(r => r.Object).HasColumnName("object").HasMaxLength(63).IsRequired();
        rows.Property(r => r.OwnerId).HasColumnName("owner_id").HasMaxLength(450);
        rows.Property(r => r.Day).HasColumnName("day");
        rows.Property(r => r.Grain).HasColumnName("grain");
        rows.Property(r => r.Kind).HasColumnName("kind");
        rows.Property(r => r.Stage).HasColumnName("stage").HasMaxLength(63).IsRequired();
        rows.Property(r => r.Count).HasColumnName("count");
        rows.Property(r => r.AmountSum).HasColumnName("amount_sum").HasColumnType("numeric");
        rows.Property(r => r.AmountCount).HasColumnName("amount_count");
        rows.Property(r => r.ValueSum).HasColumnName("value_sum");
        rows.Property(r => r.Values).HasColumnName("samples");
        rows.Property(r => r.Bounded).HasColumnName("bounded");
        // A figure reads one or two kinds of one object's months and days of a few owners (or the rows without one)
        // in ranges; a build writes the rows in this order too, so those rows lie together on disk.
        rows.HasIndex(r => new { r.Object, r.OwnerId, r.Kind, r.Grain, r.Day }).HasDatabaseName("ix_analytics_day_rollups__object_owner_kind_grain_day");
        // A rebuild sums the owners' rows of the days it rebuilt into the days' rows without an owner.
        rows.HasIndex(r => new { r.Object, r.Day }).HasDatabaseName("ix_analytics_day_rollups__object_day");

        var marks = builder.Entity<RollupMarkRow>();
        marks.ToTable("analytics_rollup_marks");
        marks.HasKey(m => m.Id).HasName("pk_analytics_rollup_marks");
        marks.Property(m => m.Id).HasColumnName("id");
        marks.Property(m => m.Object).HasColumnName("object").HasMaxLength(63).IsRequired();
        marks.Property(m => m.OwnerId).HasColumnName("owner_id").HasMaxLength(450).IsRequired();
        marks.Property(m => m.At).HasColumnName("at");
        marks.HasIndex(m => new { m.Object, m.OwnerId }).HasDatabaseName("ix_analytics_rollup_marks__object_owner");

        var states = builder.Entity<RollupStateRow>();
        states.ToTable("analytics_rollup_states");
        states.HasKey(s => s.Object).HasName("pk_analytics_rollup_states");
        states.Property(s => s.Object).HasColumnName("object").HasMaxLength(63);
        states.Property(s => s.Zone).HasColumnName("zone").HasMaxLength(100).IsRequired();
        states.Property(s => s.Terminals).HasColumnName("terminals").IsRequired();
        states.Property(s => s.Built).HasColumnName("built");
        states.Property(s => s.UpdatedAt).HasColumnName("updated_at");
    }
}
