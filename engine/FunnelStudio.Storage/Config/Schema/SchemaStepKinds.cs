namespace FunnelStudio.Storage.Config.Schema;

/// <summary>The step kinds and problem codes of a <see cref="Versions.SchemaPlan"/>, as the contract spells them.</summary>
public static class SchemaStepKinds
{
    public const string ArchiveField = "archiveField";
    public const string RestoreField = "restoreField";
    public const string RenameField = "renameField";
    public const string ConvertField = "convertField";
    public const string MapStage = "mapStage";
    public const string MapOption = "mapOption";

    /// <summary>The <c>From</c> of a <c>convertField</c> that brings archived values back: their type is read from the values.</summary>
    public const string Archived = "archived";

    public const string NeedsMapping = "CONFIG_NEEDS_MAPPING";
    public const string Unsafe = "CONFIG_UNSAFE";
}
