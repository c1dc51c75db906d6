namespace FunnelStudio.Storage.Config.Schema;

/// <summary>
/// A schema step could not be carried out — a value stored since the plan was made no longer
/// converts, a plan names an unknown step or an invalid name. Nothing of the migration is written
/// (its one transaction is rolled back). <see cref="Code"/> is <c>CONFIG_UNSAFE</c> or <c>CONFIG_INVALID_PLAN</c>.
/// </summary>
public sealed class SchemaMigrationException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
