using FunnelStudio.Metadata;

namespace FunnelStudio.References;

/// <summary>Every lookup of a package by the object it targets, built once per compiled package.</summary>
public sealed class LookupIndex
{
    private readonly Dictionary<string, IReadOnlyList<LookupField>> _byTarget;

    public LookupIndex(IEnumerable<ObjectDefinition> objects)
    {
        All = objects.SelectMany(o => o.Fields.Where(f => f.Type == FieldType.Lookup && f.Target is not null).Select(f => new LookupField(o.Name, f)))
            .ToList();
        _byTarget = All.GroupBy(l => l.Target, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<LookupField>)g.ToList(), StringComparer.Ordinal);
    }

    public IReadOnlyList<LookupField> All { get; }

    /// <summary>The lookups that can point to records of <paramref name="obj"/>; empty when none can.</summary>
    public IReadOnlyList<LookupField> To(string obj) => _byTarget.GetValueOrDefault(obj) ?? [];
}
