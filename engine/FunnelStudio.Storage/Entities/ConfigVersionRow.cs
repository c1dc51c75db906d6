namespace FunnelStudio.Storage.Entities;

/// <summary>A stored package version: every file as one JSON object (path → text).</summary>
public sealed class ConfigVersionRow
{
    public long Id { get; set; }
    public string PackageName { get; set; } = "";
    public string PackageVersion { get; set; } = "";
    public string Files { get; set; } = "{}";
    public DateTime PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
    /// <summary>At most one row is published (a partial unique index enforces it).</summary>
    public bool IsPublished { get; set; }
}
