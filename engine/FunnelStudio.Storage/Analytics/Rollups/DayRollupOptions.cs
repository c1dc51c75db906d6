using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace FunnelStudio.Storage.Analytics.Rollups;

/// <summary><c>FunnelStudio:Analytics:Rollups</c>: whether the dashboards read per-day rollups, and how they are kept; read and checked at start.</summary>
public sealed record DayRollupOptions
{
    public const string Section = "FunnelStudio:Analytics:Rollups";

    /// <summary>Off: every figure is computed from the records and the stage history, and no rollup is built.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Seconds between two rounds of the job that builds missing rollups and rebuilds the marked days (1 to 3600; default 10).</summary>
    public int RefreshSeconds { get; init; } = 10;

    /// <summary>
    /// A dashboard reads the days it cannot take from the rollups (not yet rebuilt, or cut by the period) from the
    /// history; with more of them than this (1 to 3650; default 92), it computes everything from the history.
    /// </summary>
    public int MaxRawDays { get; init; } = 92;

    public static DayRollupOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var enabled = section["Enabled"];
        return new DayRollupOptions
        {
            Enabled = string.IsNullOrWhiteSpace(enabled) || (bool.TryParse(enabled.Trim(), out var on)
                ? on
                : throw new InvalidOperationException($"{Section}:Enabled is '{enabled}': use true or false.")),
            RefreshSeconds = ReadInt(section, "RefreshSeconds", 10, 1, 3600),
            MaxRawDays = ReadInt(section, "MaxRawDays", 92, 1, 3650),
        };
    }

    private static int ReadInt(IConfigurationSection section, string key, int fallback, int min, int max)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"{Section}:{key} is '{text}': use a whole number from {min} to {max}.");
    }
}
