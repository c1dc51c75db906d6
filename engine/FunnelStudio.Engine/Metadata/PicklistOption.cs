namespace FunnelStudio.Metadata;

/// <summary>One option of a picklist: the stored name and its label.</summary>
public sealed record PicklistOption(string Name, LocalizedText Label);
