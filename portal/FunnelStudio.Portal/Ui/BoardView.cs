using System.Globalization;
using FunnelStudio.Access;
using FunnelStudio.Metadata;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Ui;

/// <summary>
/// What the stage board renders: a column per stage (count, amount, first cards) and, per card, the
/// few values a rep needs at a glance — amount, owner, close date and days in the stage.
/// </summary>
public sealed class BoardView(ObjectAccess access, IReadOnlyList<BoardColumn> columns, ValueDisplay display, UserTimeZone zone)
{
    private readonly ObjectDefinition obj = access.Object;

    public ObjectDefinition Object => obj;
    public PipelineDefinition Pipeline => obj.Pipeline!;
    public ValueDisplay Display => display;
    public static string Locale => CultureInfo.CurrentUICulture.Name;

    /// <summary>Every stage of the pipeline in order, with its column (empty when the store returned none).</summary>
    public IEnumerable<(StageDefinition Stage, BoardColumn Column)> Columns =>
        Pipeline.Stages.Select(s => (s, columns.FirstOrDefault(c => c.Stage == s.Name) ?? new BoardColumn(s.Name, 0, 0, [])));

    /// <summary>The pipeline's amount field (the board's sums, the amount recorded with each move), unless hidden from the user.</summary>
    public FieldDefinition? AmountField => Visible(obj.Amount);
    /// <summary>The owner field: whose card it is.</summary>
    public FieldDefinition? UserField => Visible(obj.Owner);
    /// <summary>The first date field the user may see (a close date, a due date): when the card is due.</summary>
    public FieldDefinition? DateField => obj.Fields.FirstOrDefault(f => f.Type == FieldType.Date && !access.IsHidden(f.Name));

    private FieldDefinition? Visible(FieldDefinition? field) => field is not null && !access.IsHidden(field.Name) ? field : null;

    public string AmountText(decimal sum) => ValueDisplay.Amount(AmountField, sum);

    public string? Amount(StoredRecord record) =>
        AmountField is { } f && record.Values[f.Name] is decimal d ? ValueDisplay.Number(f, d) : null;

    public string? Owner(StoredRecord record)
    {
        var id = UserField is { } f ? record.Values[f.Name] as string ?? record.OwnerId : record.OwnerId;
        return id is null ? null : display.UserName(id);
    }

    public string? Date(StoredRecord record) =>
        DateField is { } f && record.Values[f.Name] is DateTime d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// The user may move this card: the record is within their edit scope and the stage theirs to
    /// write. Other cards are shown, never draggable (the save pipeline would refuse the move anyway).
    /// </summary>
    public bool CanMove(StoredRecord record) => access.CanEdit(record.OwnerId) && access.CanWrite(Pipeline.Field);

    /// <summary>Whole days since the record entered its stage (null when unknown).</summary>
    public int? DaysInStage(StoredRecord record) =>
        record.StageEnteredAt is { } at ? Math.Max(0, (int)(DateTime.UtcNow - DateTime.SpecifyKind(at, DateTimeKind.Utc)).TotalDays) : null;

    public string Label(LocalizedText text) => text.Get(Locale);

    public UserTimeZone Zone => zone;
}

/// <summary>The answer to a successful board drop: fresh column headers and the moved card.</summary>
public sealed record BoardMovedModel(BoardView Board, StoredRecord Card);
