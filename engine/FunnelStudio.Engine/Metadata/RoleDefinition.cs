namespace FunnelStudio.Metadata;

/// <summary>A role a package defines (admin, manager, rep, finance …).</summary>
public sealed record RoleDefinition(string Name, LocalizedText Label);
