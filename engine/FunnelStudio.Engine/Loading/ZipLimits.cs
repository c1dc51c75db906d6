namespace FunnelStudio.Loading;

/// <summary>
/// What a package archive may hold. An upload is hostile until read: every limit is checked against
/// the entry headers first and again against the bytes actually inflated, because headers can lie.
/// </summary>
public sealed record ZipLimits
{
    /// <summary>The limits a package upload gets: 20 MB in all, 2,000 entries, 5 MB a file, 100:1 at most.</summary>
    public static ZipLimits Default { get; } = new();

    /// <summary>The archive itself (compressed), read before anything else.</summary>
    public long MaxArchiveBytes { get; init; } = 20 * 1024 * 1024;

    /// <summary>All entries together, uncompressed.</summary>
    public long MaxTotalBytes { get; init; } = 20 * 1024 * 1024;

    public int MaxEntries { get; init; } = 2_000;

    /// <summary>One entry, uncompressed: the loader's limit for one package file.</summary>
    public long MaxEntryBytes { get; init; } = JsonFile.MaxBytes;

    /// <summary>Uncompressed : compressed bytes allowed for an entry of at least <see cref="RatioCheckedFromBytes"/>.</summary>
    public int MaxCompressionRatio { get; init; } = 100;

    /// <summary>Small files compress far beyond 100:1 innocently (a file of spaces); only large ones are suspects.</summary>
    public long RatioCheckedFromBytes { get; init; } = 1024 * 1024;
}
