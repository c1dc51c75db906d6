namespace FunnelStudio.Storage.Entities;

/// <summary>
/// A stored package version, never changed after it is written except for its status: every file
/// as one JSON object (path → text), who made it, and — once published — who published it and what
/// it changed against the version it replaced.
/// </summary>
public sealed class ConfigVersionRow
{
    public long Id { get; set; }
    public string PackageName { get; set; } = "";
    public string PackageVersion { get; set; } = "";
    public string Files { get; set; } = "{}";
    /// <summary><c>draft</c>, <c>published</c> (at most one row: a partial unique index) or <c>retired</c>.</summary>
    public string Status { get; set; } = "draft";
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
    /// <summary>For a rollback: the version whose files this one copies.</summary>
    public long? SourceVersionId { get; set; }
    /// <summary>JSON: what the version changed against the one active when it was published.</summary>
    public string? DiffSummary { get; set; }
}
