using System.Globalization;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;

namespace FunnelStudio.Uniqueness;

/// <summary>
/// Gives existing records the keys a published package asks for, so a field that becomes unique is
/// enforced from then on. <see cref="PrepareAsync"/> only reads: it computes the keys of the live
/// records that lack one and refuses (FS1301, listing them) when existing data holds a value twice;
/// <see cref="ApplyAsync"/> writes them. Keys of fields that are no longer unique are dropped, so
/// a field made unique again later starts from the data as it is then.
/// </summary>
public sealed class UniqueKeyBackfill(IRecordKeyStore store)
{
    private const int PageSize = 2000;
    private const int MaxListed = 20;

    /// <summary>The keys existing records lack, and the duplicates that stop the publish (errors).</summary>
    public sealed record Preparation(IReadOnlyDictionary<string, IReadOnlyList<RecordKey>> Missing, IReadOnlyList<Diagnostic> Duplicates);

    public async Task<Preparation> PrepareAsync(CompiledPackage package, CancellationToken cancellationToken)
    {
        var missing = new Dictionary<string, IReadOnlyList<RecordKey>>(StringComparer.Ordinal);
        var duplicates = new List<Diagnostic>();
        foreach (var obj in package.Objects.Values.Select(o => o.Definition))
        {
            var keys = new List<RecordKey>();
            foreach (var field in obj.Fields.Where(f => f.Unique))
            {
                var found = await MissingAsync(obj, field, cancellationToken);
                if (await DuplicatesAsync(obj, field, found, cancellationToken) is { } problem) duplicates.Add(problem);
                keys.AddRange(found.Select(f => f.Key));
            }
            if (keys.Count > 0) missing[obj.Name] = keys;
        }
        return new Preparation(missing, duplicates);
    }

    /// <summary>Writes the prepared keys (a key taken meanwhile stays its holder's) and drops the keys of fields that are not unique.</summary>
    public async Task ApplyAsync(CompiledPackage package, Preparation preparation, CancellationToken cancellationToken)
    {
        foreach (var (obj, keys) in preparation.Missing)
            await store.AddAsync(obj, keys, cancellationToken);
        await store.RetainAsync(package.Objects.Values.ToDictionary(o => o.Name,
            o => (IReadOnlySet<string>)o.Definition.Fields.Where(f => f.Unique).Select(f => f.Name).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal), cancellationToken);
    }

    private async Task<List<(RecordKey Key, string? Title)>> MissingAsync(ObjectDefinition obj, FieldDefinition field, CancellationToken cancellationToken)
    {
        var found = new List<(RecordKey, string?)>();
        Guid? after = null;
        while (true)
        {
            var page = await store.MissingKeysAsync(obj.Name, field.Name, after, PageSize, cancellationToken);
            foreach (var record in page)
                if (UniqueKeys.Normalize(field, record.Values[field.Name]) is { } key)
                    found.Add((new RecordKey(record.Id, field.Name, key), record.Title));
            if (page.Count < PageSize) return found;
            after = page[^1].Id;
        }
    }

    private async Task<Diagnostic?> DuplicatesAsync(ObjectDefinition obj, FieldDefinition field, List<(RecordKey Key, string? Title)> found,
        CancellationToken cancellationToken)
    {
        if (found.Count == 0) return null;
        var holders = new List<KeyHolder>();
        foreach (var chunk in found.Select(f => f.Key.Key).Distinct(StringComparer.Ordinal).Chunk(500))
            holders.AddRange(await store.HoldersAsync(obj.Name, chunk.Select(k => new UniqueKey(field.Name, k)).ToList(), cancellationToken));
        var groups = found.Select(f => (f.Key.Key, f.Key.RecordId, f.Title))
            .Concat(holders.Select(h => (h.Key, h.RecordId, h.Title)))
            .GroupBy(r => r.Key, StringComparer.Ordinal)
            .Select(g => g.DistinctBy(r => r.RecordId).ToList())
            .Where(g => g.Count > 1)
            .ToList();
        if (groups.Count == 0) return null;
        var listed = groups.Take(MaxListed).Select(g =>
            $"{Shown(g[0].Key)} is held by {string.Join(", ", g.Select(r => $"{r.RecordId} ({r.Title})"))}");
        var more = groups.Count > MaxListed ? $"; and {groups.Count - MaxListed} more values" : "";
        return new Diagnostic(DiagnosticCodes.UniqueValuesDuplicated.Id, DiagnosticSeverity.Error, obj.File, field.Path + ".unique",
            string.Format(CultureInfo.InvariantCulture, "{0}.{1} cannot be unique: {2} values are held by more than one live record. " +
                "Change or delete the duplicates, then publish again: {3}{4}.", obj.Name, field.Name, groups.Count, string.Join("; ", listed), more));
    }

    private static string Shown(string key) => key.StartsWith(UniqueKeys.HashPrefix, StringComparison.Ordinal) ? "a long value" : $"'{key}'";
}
