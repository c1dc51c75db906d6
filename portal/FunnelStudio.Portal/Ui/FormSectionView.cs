using FunnelStudio.Access;
using FunnelStudio.Metadata;

namespace FunnelStudio.Portal.Ui;

/// <summary>A section of a generated form: its title and its fields, in layout order.</summary>
public sealed record FormSectionView(string Name, string Label, IReadOnlyList<FieldDefinition> Fields)
{
    /// <summary>
    /// The sections of <c>layouts.form</c>, or one section with every field (but the stage, which
    /// moves on the board and the record page) when the object has no form layout.
    /// </summary>
    public static IReadOnlyList<FormSectionView> For(ObjectAccess access, string locale, string defaultLabel)
    {
        var obj = access.Object;
        // Fields hidden from the user's roles are not on the form or the record page at all.
        if (obj.Layout.FormSections.Count == 0)
            return [new FormSectionView("main", defaultLabel, access.VisibleFields.Where(f => !f.IsStageField).ToList())];
        return obj.Layout.FormSections
            .Select(s => new FormSectionView(s.Name, s.Label.Get(locale),
                s.Fields.Select(obj.Field).OfType<FieldDefinition>().Where(f => !access.IsHidden(f.Name)).ToList()))
            .Where(s => s.Fields.Count > 0)
            .ToList();
    }
}
