namespace FunnelStudio.References;

/// <summary>
/// The write transaction found a record the save points to missing or deleted (it was deleted after
/// the references step checked it). Nothing was written; the pipeline reports <c>FIELD_REFERENCE</c>.
/// </summary>
public sealed class ReferenceMissingException(Guid? target, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The record that is gone, when the store could tell.</summary>
    public Guid? Target { get; } = target;
}
