using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace FunnelStudio.Storage.Tracing;

/// <summary>How long save traces are kept and how many may wait for the writer; read and checked at start.</summary>
public sealed record SaveTraceOptions
{
    public const string KeepDaysKey = "FunnelStudio:Traces:KeepDays";
    public const string QueueCapacityKey = "FunnelStudio:Traces:QueueCapacity";

    /// <summary>Traces older than this many days are purged (1 to 3650; default 14).</summary>
    public int KeepDays { get; init; } = 14;

    /// <summary>
    /// Traces that may wait for the writer (100 to 1,000,000; default 10,000). One more is dropped and
    /// counted: a save never waits for its trace.
    /// </summary>
    public int QueueCapacity { get; init; } = 10_000;

    public TimeSpan KeepFor => TimeSpan.FromDays(KeepDays);

    public static SaveTraceOptions Read(IConfiguration configuration) => new()
    {
        KeepDays = ReadInt(configuration, KeepDaysKey, 14, 1, 3650),
        QueueCapacity = ReadInt(configuration, QueueCapacityKey, 10_000, 100, 1_000_000),
    };

    private static int ReadInt(IConfiguration configuration, string key, int fallback, int min, int max)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"{key} is '{text}': use a whole number from {min} to {max}.");
    }
}
