namespace FunnelStudio.Storage.Entities;

/// <summary>
/// One save's trace (<see cref="FunnelStudio.Tracing.SaveTrace"/>): what its rules, gates and scripts
/// decided, with the steps as JSON text. Written in batches after the save, never in its transaction,
/// and purged after a while (see <c>Tracing/README.md</c>).
/// </summary>
public sealed class SaveTraceRow
{
    public long Id { get; set; }
    /// <summary>The record saved; null for a refused create. No foreign key: a trace never holds up a record.</summary>
    public Guid? RecordId { get; set; }
    public string Object { get; set; } = "";
    public string Operation { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTime At { get; set; }
    /// <summary><c>saved</c> or <c>refused:&lt;status&gt;</c>.</summary>
    public string Outcome { get; set; } = "";
    public long ConfigVersion { get; set; }
    public double DurationMs { get; set; }
    /// <summary>True when a script step failed: what the script failures page lists (a partial index).</summary>
    public bool ScriptFailed { get; set; }
    /// <summary>The steps as a JSON array (text: never queried inside, so the cheapest column to write).</summary>
    public string Steps { get; set; } = "[]";
}
