using FunnelStudio.Metadata;

namespace FunnelStudio.Versions.Backtest;

/// <summary>
/// Where a backtest reads history: the live (not deleted) records of the given objects, one at a
/// time, each with its field changes and stage moves in time order — streamed, so a database of any
/// size is replayed in bounded memory. Values are typed with the given definitions (field types and
/// the pipeline's stage field); a value that does not fit comes back as stored.
/// Implemented by storage (<c>EfBacktestSource</c>) for both providers.
/// </summary>
public interface IBacktestSource
{
    IAsyncEnumerable<HistoricalRecord> ReadAsync(IReadOnlyList<ObjectDefinition> objects, CancellationToken cancellationToken);
}
