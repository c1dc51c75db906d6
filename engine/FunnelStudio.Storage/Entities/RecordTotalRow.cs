namespace FunnelStudio.Storage.Entities;

/// <summary>
/// How many live (not deleted) records, and their amount, one object has per stage and owner: what
/// the board's column heads and the list's unsearched counts read instead of counting records.
/// Kept by a trigger on <c>records</c> in the writing transaction, so it is right whoever writes.
/// Each key is spread over a few <see cref="Shard"/> rows so that concurrent saves of one stage and
/// owner do not queue behind one row lock; readers add the shards up. An empty stage or owner is ''.
/// </summary>
public sealed class RecordTotalRow
{
    public string Object { get; set; } = "";
    public string Stage { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public short Shard { get; set; }
    public long Count { get; set; }
    public decimal Amount { get; set; }
}
