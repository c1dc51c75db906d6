namespace FunnelStudio.Storage.Analytics.Rollups;

/// <summary>
/// The triggers that mark rollup days for rebuilding (DayRollupMarks migration): every writer of records and
/// stage_history passes the database, not every writer passes the save path. They mark only objects with a
/// rollup state row, so nothing is marked before the first build is under way.
/// </summary>
public static class DayRollupTriggers
{
    public const string HistoryInsert = "tr_stage_history__rollup_insert";
    public const string HistoryUpdate = "tr_stage_history__rollup_update";
    public const string HistoryDelete = "tr_stage_history__rollup_delete";
    public const string RecordInsert = "tr_records__rollup_insert";
    public const string RecordUpdate = "tr_records__rollup_update";
    public const string RecordDelete = "tr_records__rollup_delete";
}
