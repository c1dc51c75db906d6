using FunnelStudio.Metadata;
using FunnelStudio.Rules;

namespace FunnelStudio.Benchmarks.Analytics;

/// <summary>The package's names the generated data uses, read from the package (nothing here assumes a name).</summary>
internal sealed record DealShape(string Object, IReadOnlyList<string> Open, string Won, string Lost, string AmountField,
    string PicklistField, IReadOnlyList<string> PicklistValues)
{
    public static DealShape From(CompiledPackage package)
    {
        var obj = package.Objects.Values.Select(o => o.Definition).First(o => o.Pipeline?.AmountField is not null
            && o.Fields.Any(f => f.Type == FieldType.Picklist));
        var stages = obj.Pipeline!.Stages.OrderBy(s => s.Index).ToList();
        var picklist = obj.Fields.First(f => f.Type == FieldType.Picklist);
        return new DealShape(obj.Name,
            stages.Where(s => s.Terminal == StageTerminal.None).Select(s => s.Name).ToList(),
            stages.First(s => s.Terminal == StageTerminal.Won).Name,
            stages.First(s => s.Terminal == StageTerminal.Lost).Name,
            obj.Pipeline.AmountField!, picklist.Name, picklist.Options.Select(o => o.Name).ToList());
    }
}

/// <summary>One generated stage history row.</summary>
internal readonly record struct Move(string? From, string To, DateTime At, double? SecondsInPrevious, decimal? Amount);

/// <summary>One generated deal: the record's columns and its stage history (the create row first).</summary>
internal sealed record Deal(Guid Id, int Index, string Owner, string? Picklist, DateTime CreatedAt, decimal? Amount,
    bool Deleted, IReadOnlyList<Move> Moves)
{
    public Move Last => Moves[^1];
}

/// <summary>
/// A deterministic history per deal index (the same deal every time it is asked for, so the records and the
/// stage history can be written in two passes): created uniformly over the two years before <c>end</c>, then
/// 1–8 history rows (about 5 on average, the create row included) a few days apart — forward most of the time,
/// sometimes back one stage, lost, won early, reopened after a loss or a win — stopping at <c>end</c>. About 50
/// owners, a picklist value (5 % empty), 2 % without an amount, 1 % deleted. Whole seconds, so both providers
/// store the same instants.
/// </summary>
internal sealed class DealHistory(DealShape shape, DateTime end)
{
    public const int Owners = 50;
    public static readonly TimeSpan Span = TimeSpan.FromDays(730);

    public DateTime Start { get; } = end - Span;

    public Deal Get(int index)
    {
        // Each deal draws fewer than 1,000 numbers, so the deals' streams never overlap.
        var random = new SplitMix((ulong)index * 1000 * 0x9E3779B97F4A7C15UL);
        var created = Start.AddSeconds(random.Next((long)Span.TotalSeconds));
        var owner = "owner" + random.Next(Owners);
        var pick = random.Next(100) < 5 ? null : shape.PicklistValues[(int)random.Next(shape.PicklistValues.Count)];
        decimal? amount = random.Next(100) < 2 ? null : 500 + random.Next(200_000) / 2m;
        var deleted = random.Next(100) == 0;
        var id = random.NextGuid((ulong)index);
        var target = 2 + (int)random.Next(7); // rows including the create row: 2–8, mean 5 (fewer near the end)
        var moves = new List<Move>(target + 2) { new(null, shape.Open[0], created, null, amount) };
        var stage = shape.Open[0];
        var at = created;
        while (moves.Count < target)
        {
            var next = Next(stage, ref random);
            var later = at.AddSeconds(3600 + random.Next(21 * 86400));
            if (later >= end) break;
            if (amount is { } a && random.Next(10) == 0) amount = a + 250 * random.Next(20);
            moves.Add(new Move(stage, next, later, (later - at).TotalSeconds, amount));
            stage = next;
            at = later;
        }
        return new Deal(id, index, owner, pick, created, amount, deleted, moves);
    }

    private string Next(string stage, ref SplitMix random)
    {
        var open = shape.Open;
        var roll = random.Next(100);
        if (stage == shape.Lost) return open[(int)random.Next(open.Count)]; // reopened after a loss
        if (stage == shape.Won) return open[^1]; // a win taken back
        var i = 0;
        while (open[i] != stage) i++;
        if (roll < 60) return i + 1 < open.Count ? open[i + 1] : shape.Won;
        if (roll < 72 && i > 0) return open[i - 1];
        if (roll < 90) return shape.Lost;
        return shape.Won;
    }

    /// <summary>SplitMix64: a fast seeded generator, one per deal.</summary>
    private struct SplitMix(ulong state)
    {
        private ulong _state = state;

        public ulong Next(long below) => Raw() % (ulong)below;

        /// <summary>Random-looking, unique by <paramref name="unique"/>.</summary>
        public Guid NextGuid(ulong unique)
        {
            Span<byte> bytes = stackalloc byte[16];
            BitConverter.TryWriteBytes(bytes, Raw());
            BitConverter.TryWriteBytes(bytes[8..], unique);
            return new Guid(bytes);
        }

        private ulong Raw()
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
