namespace FunnelStudio.Versions;

/// <summary>
/// Carries a publish's <see cref="SchemaPlan"/> out on the stored data (archive removed fields, map
/// removed stages and options …). Called by <see cref="ConfigPublisher"/> inside the switch
/// transaction when one is registered: storage's implementation writes through the scope's
/// database context (the one <c>IConfigVersionSwitch</c> opened the transaction on), so the data
/// change and the switch commit together or not at all.
/// </summary>
public interface ISchemaMigration
{
    Task ApplyAsync(SchemaPlan plan, long versionId, string? userId, CancellationToken ct);
}
