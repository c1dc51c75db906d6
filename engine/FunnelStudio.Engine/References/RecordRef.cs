namespace FunnelStudio.References;

/// <summary>A record by object and id: what a lookup points to, or a record a delete removes.</summary>
public sealed record RecordRef(string Object, Guid Id);
