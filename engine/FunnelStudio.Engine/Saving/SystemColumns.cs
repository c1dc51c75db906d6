using FunnelStudio.Metadata;

namespace FunnelStudio.Saving;

/// <summary>
/// Two fields are also kept in system columns of every stored record, which are always indexed:
/// the pipeline's field in <c>stage</c> and the owner field in <c>owner_id</c>. Lists sort such a
/// field by its column, and field indexes are not built for them — the same values twice would
/// only cost every save two more index entries.
/// </summary>
public static class SystemColumns
{
    /// <summary>The system column that holds this field's value, or null for an ordinary field.</summary>
    public static string? Mirroring(ObjectDefinition obj, string field)
    {
        if (obj.Pipeline?.Field == field) return "stage";
        return obj.OwnerField == field ? "owner_id" : null;
    }
}
