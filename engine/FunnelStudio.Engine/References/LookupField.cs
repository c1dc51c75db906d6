using FunnelStudio.Metadata;

namespace FunnelStudio.References;

/// <summary>A lookup field of an object: where a reference to a record of <see cref="Target"/> can sit.</summary>
public sealed record LookupField(string Object, FieldDefinition Field)
{
    public string Name => Field.Name;
    public string Target => Field.Target!;
    public LookupDeleteRule OnDelete => Field.OnDelete;
}
