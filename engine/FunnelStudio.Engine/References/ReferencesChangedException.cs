namespace FunnelStudio.References;

/// <summary>
/// A delete's transaction found other records pointing to what it deletes than when it was planned
/// (someone linked or unlinked a record meanwhile). Nothing was written; the delete is planned again.
/// </summary>
public sealed class ReferencesChangedException(string message) : Exception(message);
