using FunnelStudio.Metadata;
using FunnelStudio.Rules;

namespace FunnelStudio.Versions.Backtest;

/// <summary>
/// A compiled package as a backtest sees it: its objects with a pipeline, and the stage names of
/// stored moves translated by the publish mapping (for the draft; the active version reads them as
/// stored).
/// </summary>
internal sealed class VersionView(CompiledPackage package, IReadOnlyDictionary<string, string> stageMapping)
{
    public CompiledPackage Package { get; } = package;

    public CompiledObject? Object(string name) => Package.Object(name) is { Pipeline: not null } obj ? obj : null;

    /// <summary>The version's name for a stored stage.</summary>
    public string Stage(string stored) => stageMapping.TryGetValue(stored, out var mapped) ? mapped : stored;

    /// <summary>
    /// True when <paramref name="from"/> → <paramref name="to"/> (the version's names) moves forward
    /// in the object's pipeline: to a later open stage or to won, out of an open stage. A loss or a
    /// step back is not a conversion.
    /// </summary>
    public bool IsForward(string obj, string from, string to)
    {
        var pipeline = Object(obj)?.Pipeline;
        if (pipeline?.Find(from) is not { IsTerminal: false } source || pipeline.Find(to) is not { } target) return false;
        return target.Terminal != StageTerminal.Lost && target.Index > source.Index;
    }

    /// <summary>The stage names of an object in pipeline order (empty when it has no pipeline here).</summary>
    public IEnumerable<string> Stages(string obj) => Object(obj)?.Pipeline?.Stages.Select(s => s.Name) ?? [];
}
