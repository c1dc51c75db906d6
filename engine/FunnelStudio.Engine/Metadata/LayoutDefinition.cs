namespace FunnelStudio.Metadata;

/// <summary>A section of a form layout: a titled group of fields.</summary>
public sealed record LayoutSection(string Name, LocalizedText Label, IReadOnlyList<string> Fields);

/// <summary>The object's layouts: the generated form's sections and the list's columns.</summary>
public sealed record LayoutDefinition(IReadOnlyList<LayoutSection> FormSections, IReadOnlyList<string> ListColumns);
