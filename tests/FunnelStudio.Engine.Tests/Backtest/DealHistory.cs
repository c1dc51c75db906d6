using System.Text.Json;
using FunnelStudio.Engine.Tests.Saving;
using FunnelStudio.Records;
using FunnelStudio.Saving;
using FunnelStudio.Versions.Backtest;

namespace FunnelStudio.Engine.Tests.Backtest;

/// <summary>
/// Records made through the real save pipeline at known times (seed saves honour EffectiveAt), and
/// their stored history read back as a backtest source would.
/// </summary>
internal sealed class DealHistory(PipelineFixture fixture)
{
    public static readonly DateTime Start = new(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc);

    public async Task<StoredRecord> CreateAsync(DateTime at, object values, ActingUser? user = null) =>
        Saved(await fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.Create, user ?? PipelineFixture.Rep)
        {
            JsonValues = PipelineFixture.Json(values), Source = SaveSource.Seed, EffectiveAt = at,
        }, CancellationToken.None));

    public async Task<StoredRecord> UpdateAsync(StoredRecord record, DateTime at, object values, string? toStage = null, ActingUser? user = null) =>
        Saved(await fixture.Service.SaveAsync(new SaveCommand("deal", toStage is null ? SaveOperation.Update : SaveOperation.MoveStage,
            user ?? PipelineFixture.Rep)
        {
            RecordId = record.Id, ExpectedVersion = record.Version, JsonValues = PipelineFixture.Json(values), ToStage = toStage,
            Source = SaveSource.Seed, EffectiveAt = at,
        }, CancellationToken.None));

    /// <summary>The record as stored now with its field and stage history, values typed by the object's field types.</summary>
    public async Task<HistoricalRecord> ReadAsync(Guid id)
    {
        var current = (await fixture.Store.FindAsync("deal", id, CancellationToken.None))!;
        var obj = fixture.Runtime.Current.Object("deal")!.Definition;
        var changes = (await fixture.Store.FieldHistoryAsync(id, CancellationToken.None))
            .Select(h => new FieldChange(h.Field, Typed(obj, h.Field, h.OldValue), Typed(obj, h.Field, h.NewValue), h.At))
            .ToList();
        var moves = (await fixture.Store.StageHistoryAsync(id, CancellationToken.None))
            .Select(m => new StageMove(m.From, m.To, m.At, m.By)).ToList();
        return new HistoricalRecord(id, "deal", current.Title, current.Values, current.CreatedAt, changes, moves)
        {
            StageField = obj.Pipeline!.Field,
        };
    }

    public async Task<List<HistoricalRecord>> ReadAllAsync()
    {
        var ids = fixture.Store.StageHistory.Select(h => h.RecordId).Distinct().ToList();
        var records = new List<HistoricalRecord>();
        foreach (var id in ids) records.Add(await ReadAsync(id));
        return records;
    }

    /// <summary>The canonical JSON of a record's values with its stage in the stage field, to compare two moments.</summary>
    public static string Canonical(StoredRecord record) => RecordJson.Serialize(record.Values.With("stage", record.Stage));

    public static string Canonical(RecordValues values) => RecordJson.Serialize(values);

    private static object? Typed(FunnelStudio.Metadata.ObjectDefinition obj, string field, string? json)
    {
        if (json is null) return null;
        using var document = JsonDocument.Parse(json);
        var (value, error) = ValueBinder.BindStored(obj.Field(field)!, document.RootElement);
        return error is null ? value : throw new InvalidOperationException($"{field}: {json} does not bind");
    }

    private static StoredRecord Saved(SaveResult result) =>
        result.Record ?? throw new InvalidOperationException("Refused: " + string.Join(", ", result.Violations.Select(v => v.Rule)));
}
