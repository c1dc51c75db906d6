using System.Buffers.Binary;
using FunnelStudio.Analytics.Forecast;

namespace FunnelStudio.Storage.Analytics.Rollups;

/// <summary>
/// Facts of one owner, kind and stage: a stored day (<see cref="DayRollupRow"/>) or a single fact read raw. Facts
/// without a bound count wherever they happen and are summed; facts with one are listed in <see cref="Bounded"/>.
/// <see cref="When"/> is the fact's instant, or the first instant of the stored day, which the reader only uses
/// when the whole day lies inside or outside each period.
/// </summary>
internal sealed class FactGroup
{
    private const byte HasAmount = 1, HasValue = 2;

    public required string Owner { get; init; }
    public required DateTime When { get; init; }
    public required FactKind Kind { get; init; }
    public required string Stage { get; init; }
    /// <summary>How many facts without a bound.</summary>
    public long Count { get; set; }
    public decimal? AmountSum { get; set; }
    public long AmountCount { get; set; }
    public double ValueSum { get; set; }
    /// <summary>The non-null values of the facts without a bound.</summary>
    public List<double> Values { get; init; } = [];
    public List<BoundedFact> Bounded { get; init; } = [];

    /// <summary>A stored row's values and bounded facts, still encoded: decoded straight into the figures that read them.</summary>
    public byte[]? StoredValues { get; init; }
    public byte[]? StoredBounded { get; init; }

    /// <summary>Adds the values of the facts without a bound to <paramref name="into"/>.</summary>
    public void AddValuesTo(List<double> into)
    {
        into.AddRange(Values);
        if (StoredValues is not { } bytes) return;
        into.EnsureCapacity(into.Count + bytes.Length / sizeof(double));
        for (var i = 0; i + sizeof(double) <= bytes.Length; i += sizeof(double)) into.Add(BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i)));
    }

    /// <summary>The facts with a bound, the stored ones decoded as they are read.</summary>
    public IEnumerable<BoundedFact> AllBounded()
    {
        foreach (var fact in Bounded) yield return fact;
        if (StoredBounded is not { } bytes) yield break;
        var i = 0;
        while (i < bytes.Length)
        {
            var bound = new DateTime(BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i)), DateTimeKind.Utc);
            var flags = bytes[i + 8];
            i += 9;
            decimal? amount = null;
            if ((flags & HasAmount) != 0)
            {
                amount = new decimal([BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i)), BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i + 4)),
                    BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i + 8)), BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i + 12))]);
                i += 16;
            }
            double? value = null;
            if ((flags & HasValue) != 0)
            {
                value = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i));
                i += sizeof(double);
            }
            yield return new BoundedFact(bound, amount, value);
        }
    }

    public static FactGroup Of(DayFact fact)
    {
        var group = new FactGroup { Owner = fact.Owner, When = fact.At, Kind = fact.Kind, Stage = fact.Stage };
        group.Add(fact);
        return group;
    }

    public void Add(DayFact fact)
    {
        if (fact.Bound is { } bound)
        {
            Bounded.Add(new BoundedFact(bound, fact.Amount, fact.Value));
            return;
        }
        Count++;
        if (fact.Amount is { } amount)
        {
            AmountSum = (AmountSum ?? 0) + amount;
            AmountCount++;
        }
        if (fact.Value is { } value)
        {
            ValueSum += value;
            Values.Add(value);
        }
    }

    /// <summary>Facts grouped as <see cref="DayGroups"/> does, as rows of <paramref name="obj"/>.</summary>
    public static List<DayRollupRow> ToRows(string obj, IEnumerable<DayFact> facts, AnalyticsCalendar calendar)
    {
        var groups = new DayGroups(calendar);
        foreach (var fact in facts) groups.Add(fact);
        return groups.ToRows(obj);
    }

    /// <summary>Values as little-endian doubles.</summary>
    public static byte[] Encode(List<double> values)
    {
        var bytes = new byte[values.Count * sizeof(double)];
        for (var i = 0; i < values.Count; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), values[i]);
        return bytes;
    }

    /// <summary>
    /// Each bounded fact as its bound's ticks, a flags byte, then the amount (<see cref="decimal.GetBits(decimal)"/>,
    /// as <see cref="BinaryWriter"/> writes it) and the value when present; all little-endian.
    /// </summary>
    public static byte[] Encode(List<BoundedFact> facts)
    {
        var stream = new MemoryStream(facts.Count * 16);
        using var writer = new BinaryWriter(stream);
        foreach (var fact in facts)
        {
            writer.Write(fact.Bound.Ticks);
            writer.Write((byte)((fact.Amount is null ? 0 : HasAmount) | (fact.Value is null ? 0 : HasValue)));
            if (fact.Amount is { } amount) writer.Write(amount);
            if (fact.Value is { } value) writer.Write(value);
        }
        writer.Flush();
        return stream.ToArray();
    }
}
