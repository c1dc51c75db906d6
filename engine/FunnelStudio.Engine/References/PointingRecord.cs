namespace FunnelStudio.References;

/// <summary>A live record whose lookup <see cref="Field"/> points to <see cref="Target"/>; its owner decides who may change it.</summary>
public sealed record PointingRecord(Guid Id, string Object, string Field, Guid Target, string? OwnerId);
