namespace FunnelStudio.Storage.Records;

/// <summary>
/// The names of the triggers that keep <c>stage_history.owner_id</c> equal to the record's current
/// owner (created by the OwnerKeyedStageHistory migration on both providers): one fills it on every
/// history insert that leaves it empty, one copies an owner change of a record onto all its moves.
/// Triggers rather than code in the save path, because every writer of these tables — a save, a
/// batch import, a schema migration's stage mapping, a seeder — must keep the copy true, and the
/// database is the one place all of them pass. Analytics rely on it: a figure filtered by owner
/// reads that owner's moves by <c>ix_stage_history__object_owner_at</c> instead of the whole history.
/// </summary>
public static class StageHistoryOwnerTriggers
{
    public const string Insert = "tr_stage_history__owner";
    public const string OwnerChange = "tr_records__owner_to_history";
}
