using FunnelStudio.Reports;

namespace FunnelStudio.Portal.Reports;

/// <summary>
/// The report builder's form as posted: flat rows a browser can send without script, turned into a
/// <see cref="ReportDefinition"/> (and back) so the builder validates exactly what the API would.
/// Several values (<c>in</c>, <c>between</c>) are written in one input separated by commas.
/// </summary>
public sealed class ReportForm
{
    public const int MeasureSlots = 3;

    public string Name { get; set; } = "";
    public string Object { get; set; } = "";
    public string Match { get; set; } = "all";
    public string Display { get; set; } = "table";
    public List<FilterRow> Filters { get; set; } = [];
    /// <summary>Always two slots; an empty field leaves the slot unused.</summary>
    public List<GroupRow> Groups { get; set; } = [];
    public List<MeasureRow> Measures { get; set; } = [];
    public List<string> SharedWith { get; set; } = [];

    public sealed class FilterRow
    {
        public string Field { get; set; } = "";
        public string Operator { get; set; } = "eq";
        public string? Value { get; set; }
    }

    public sealed class GroupRow
    {
        public string? Field { get; set; }
        public string? Bucket { get; set; }
    }

    public sealed class MeasureRow
    {
        public string? Aggregate { get; set; }
        public string? Field { get; set; }
    }

    /// <summary>The definition the form describes; the paths of its problems match the rows' indexes.</summary>
    public ReportDefinition ToDefinition()
    {
        var filters = Filters.Select(f =>
        {
            var several = f.Operator is "in" or "between";
            var values = several ? (f.Value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
            return new ReportFilter
            {
                Field = f.Field ?? "",
                Operator = f.Operator ?? "",
                Value = several || string.IsNullOrWhiteSpace(f.Value) ? null : f.Value.Trim(),
                Values = values,
            };
        }).ToList();
        return new ReportDefinition
        {
            Name = Name?.Trim() ?? "",
            Object = Object ?? "",
            Match = Match ?? "all",
            Display = Display ?? "table",
            Filters = filters,
            GroupBy = Groups.Where(g => !string.IsNullOrEmpty(g.Field))
                .Select(g => new ReportGrouping { Field = g.Field!, Bucket = string.IsNullOrEmpty(g.Bucket) ? null : g.Bucket }).ToList(),
            Measures = Measures.Where(m => !string.IsNullOrEmpty(m.Aggregate))
                .Select(m => new ReportMeasure { Aggregate = m.Aggregate!, Field = m.Aggregate == "count" || string.IsNullOrEmpty(m.Field) ? null : m.Field })
                .ToList(),
            SharedWith = SharedWith.Where(r => !string.IsNullOrEmpty(r)).Distinct().ToList(),
        };
    }

    /// <summary>The form of a saved definition (a report being edited or copied).</summary>
    public static ReportForm From(ReportDefinition report) => new ReportForm
    {
        Name = report.Title,
        Object = report.Object,
        Match = report.Match,
        Display = report.Display,
        Filters = report.Filters.Select(f => new FilterRow
        {
            Field = f.Field,
            Operator = f.Operator,
            Value = f.Values.Count > 0 ? string.Join(", ", f.Values) : f.Value,
        }).ToList(),
        Groups = report.GroupBy.Select(g => new GroupRow { Field = g.Field, Bucket = g.Bucket }).ToList(),
        Measures = report.Measures.Select(m => new MeasureRow { Aggregate = m.Aggregate, Field = m.Field }).ToList(),
        SharedWith = report.SharedWith.ToList(),
    }.Padded();

    /// <summary>Fills the fixed slots (two groupings, three measures) so each has its inputs.</summary>
    public ReportForm Padded()
    {
        while (Groups.Count < ReportValidator.MaxGroups) Groups.Add(new GroupRow());
        if (Measures.Count == 0) Measures.Add(new MeasureRow { Aggregate = "count" });
        while (Measures.Count < MeasureSlots) Measures.Add(new MeasureRow());
        return this;
    }
}
