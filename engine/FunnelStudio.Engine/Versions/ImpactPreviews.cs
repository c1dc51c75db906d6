using System.Collections.Concurrent;

namespace FunnelStudio.Versions;

/// <summary>
/// The data impact last counted for a version against the active one, kept for <see cref="ReuseFor"/>.
/// An admin looks at a version's impact (the Versions page, <c>GET …/impact</c>) and then publishes it;
/// without this the publish scanned every record again — at 100k deals the longest phase of a publish —
/// for figures that refuse nothing. The impact informs the decision; what refuses a publish (duplicates
/// for fields made unique, values that do not convert, stages and options in use) every publish still
/// works out on the data of that moment. A publish that reuses the impact reports it with the time it
/// was counted (<see cref="DataImpact.CountedAt"/>). Kept per instance: a publish on another instance
/// counts again.
/// </summary>
public sealed class ImpactPreviews(TimeProvider clock)
{
    /// <summary>How long a counted impact is reused by a publish of the same version over the same active version.</summary>
    public static readonly TimeSpan ReuseFor = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<(long Version, long? Active), DataImpact> _counted = new();

    public void Remember(long version, long? active, DataImpact impact)
    {
        foreach (var stale in _counted.Where(c => !Fresh(c.Value)).Select(c => c.Key).ToList()) _counted.TryRemove(stale, out _);
        _counted[(version, active)] = impact;
    }

    /// <summary>The impact counted for this version over this active version within <see cref="ReuseFor"/>, else null.</summary>
    public DataImpact? Recent(long version, long? active) =>
        _counted.TryGetValue((version, active), out var impact) && Fresh(impact) ? impact : null;

    private bool Fresh(DataImpact impact) => impact.CountedAt is { } at && clock.GetUtcNow().UtcDateTime - at <= ReuseFor;
}
