namespace FunnelStudio.References;

/// <summary>How many live records of <see cref="Object"/> point to a record through <see cref="Field"/> (what blocks a delete).</summary>
public sealed record ReferenceCount(string Object, string Field, int Count);
