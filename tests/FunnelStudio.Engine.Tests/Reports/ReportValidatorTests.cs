using FunnelStudio.Access;
using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Metadata;
using FunnelStudio.Reports;
using FunnelStudio.Saving;

namespace FunnelStudio.Engine.Tests.Reports;

/// <summary>Every REPORT_* code of <see cref="ReportValidator"/>, each with its JSON path; all problems at once.</summary>
public class ReportValidatorTests
{
    private static PackageDefinition Package => Fixtures.Minimal.Definition;

    private static ReportDefinition Valid => new()
    {
        Name = "Deals by stage",
        Object = "deal",
        Filters = [new ReportFilter { Field = "amount", Operator = "gt", Value = "1000" }],
        GroupBy = [new ReportGrouping { Field = "stage" }, new ReportGrouping { Field = "close_date", Bucket = "month" }],
        Measures = [new ReportMeasure { Aggregate = "count" }, new ReportMeasure { Aggregate = "sum", Field = "amount" }],
        Display = "bar",
        SharedWith = ["manager"],
    };

    private static IReadOnlyList<(string Code, string Path)> Problems(ReportDefinition report, Func<ObjectDefinition, ObjectAccess?>? access = null) =>
        ReportValidator.Validate(report, Package, access).Select(p => (p.Code, p.Path)).ToList();

    [Fact]
    public void Validate_AWellFormedReport_HasNoProblems()
    {
        Assert.Empty(Problems(Valid));
    }

    [Fact]
    public void Validate_UnknownObject_IsReportUnknownObject()
    {
        Assert.Equal([("REPORT_UNKNOWN_OBJECT", "$.object")], Problems(Valid with { Object = "invoice" }));
    }

    [Fact]
    public void Validate_UnknownFieldsEverywhere_AreEachReportedWithTheirPath()
    {
        var report = Valid with
        {
            Filters = [new ReportFilter { Field = "budget", Operator = "eq", Value = "1" }],
            GroupBy = [new ReportGrouping { Field = "region" }],
            Measures = [new ReportMeasure { Aggregate = "sum", Field = "revenue" }],
        };

        Assert.Equal([("REPORT_UNKNOWN_FIELD", "$.filters[0].field"), ("REPORT_UNKNOWN_FIELD", "$.groupBy[0].field"),
            ("REPORT_UNKNOWN_FIELD", "$.measures[0].field")], Problems(report));
    }

    [Fact]
    public void Validate_AFieldTheUserMayNotRead_IsReportFieldForbidden()
    {
        var package = Package with
        {
            Roles = [new RoleDefinition("rep", LocalizedText.Of("Rep"))
            {
                Permissions = new Dictionary<string, ObjectPermission>
                {
                    ["deal"] = new() { Read = AccessScope.Own, Fields = new Dictionary<string, FieldAccess> { ["amount"] = FieldAccess.Hidden } },
                },
            }],
        };
        var policy = new AccessPolicy(package);
        var rep = new ActingUser("u1", "Rep", ["rep"]);

        var problems = ReportValidator.Validate(Valid with { SharedWith = [] }, package, obj => policy.For(rep, obj)).Select(p => (p.Code, p.Path));

        Assert.Equal([("REPORT_FIELD_FORBIDDEN", "$.filters[0].field"), ("REPORT_FIELD_FORBIDDEN", "$.measures[1].field")], problems);
    }

    [Fact]
    public void Validate_AnObjectTheUserCannotRead_IsReportUnknownObject()
    {
        var policy = new AccessPolicy(Package);
        var stranger = new ActingUser("u9", "Nobody", ["guest"]);

        Assert.Equal([("REPORT_UNKNOWN_OBJECT", "$.object")], Problems(Valid, obj => policy.For(stranger, obj)));
    }

    [Theory]
    [InlineData("sum", "name")]
    [InlineData("avg", "source")]
    [InlineData("max", "close_date")]
    [InlineData("median", "amount")]
    public void Validate_AMeasureOfTheWrongKind_IsReportMeasureType(string aggregate, string field)
    {
        var problems = Problems(Valid with { Measures = [new ReportMeasure { Aggregate = aggregate, Field = field }] });

        Assert.Equal("REPORT_MEASURE_TYPE", Assert.Single(problems).Code);
    }

    [Fact]
    public void Validate_ThreeGroupings_IsReportTooManyGroups()
    {
        var report = Valid with { GroupBy = [.. Valid.GroupBy, new ReportGrouping { Field = "owner" }] };

        Assert.Equal([("REPORT_TOO_MANY_GROUPS", "$.groupBy")], Problems(report));
    }

    [Theory]
    [InlineData("name", "gt", "a")]
    [InlineData("amount", "contains", "1")]
    [InlineData("close_date", "neq", "2026-01-01")]
    [InlineData("source", "contains", "web")]
    [InlineData("icp_fit", "neq", "true")]
    [InlineData("owner", "contains", "x")]
    public void Validate_AnOperatorNotValidForTheType_IsReportOperator(string field, string op, string value)
    {
        var problems = Problems(Valid with { Filters = [new ReportFilter { Field = field, Operator = op, Value = value }] });

        Assert.Equal([("REPORT_OPERATOR", "$.filters[0].operator")], problems);
    }

    [Theory]
    [InlineData("amount", "gt", "lots", "$.filters[0].value")]
    [InlineData("close_date", "after", "01/02/2026", "$.filters[0].value")]
    [InlineData("source", "eq", "carrier_pigeon", "$.filters[0].value")]
    [InlineData("stage", "eq", "", "$.filters[0].value")]
    [InlineData("icp_fit", "eq", "yes", "$.filters[0].value")]
    [InlineData("close_date", "lastNDays", "-3", "$.filters[0].value")]
    public void Validate_AValueThatDoesNotParse_IsReportValue(string field, string op, string value, string path)
    {
        var problems = Problems(Valid with { Filters = [new ReportFilter { Field = field, Operator = op, Value = value }] });

        Assert.Equal([("REPORT_VALUE", path)], problems);
    }

    [Fact]
    public void Validate_BetweenWithOneValue_IsReportValue()
    {
        var problems = Problems(Valid with { Filters = [new ReportFilter { Field = "amount", Operator = "between", Values = ["1"] }] });

        Assert.Equal([("REPORT_VALUE", "$.filters[0].values")], problems);
    }

    [Theory]
    [InlineData("between", "2014-01-01", "2026-01-02")]
    [InlineData("lastNDays", "3654", null)]
    public void Validate_APeriodOverTenYears_IsReportPeriodTooLong(string op, string first, string? second)
    {
        var filter = second is null
            ? new ReportFilter { Field = "close_date", Operator = op, Value = first }
            : new ReportFilter { Field = "created_at", Operator = op, Values = [first, second] };

        var problems = Problems(Valid with { Filters = [filter] });

        Assert.Equal("REPORT_PERIOD_TOO_LONG", Assert.Single(problems).Code);
    }

    [Fact]
    public void Validate_APeriodOfExactlyTenYears_IsAllowed()
    {
        Assert.Empty(Problems(Valid with { Filters = [new ReportFilter { Field = "close_date", Operator = "between", Values = ["2016-01-01", "2026-01-01"] }] }));
    }

    [Fact]
    public void Validate_UnknownDisplayMatchAndRole_AreReported()
    {
        var problems = Problems(Valid with { Display = "radar", Match = "some", SharedWith = ["ceo"] });

        Assert.Equal([("REPORT_DISPLAY", "$.display"), ("REPORT_MATCH", "$.match"), ("REPORT_UNKNOWN_ROLE", "$.sharedWith[0]")], problems);
    }

    [Fact]
    public void Validate_DateWithoutBucket_NumberGroupAndMultiSelect_AreReportGroupType()
    {
        var report = Valid with { GroupBy = [new ReportGrouping { Field = "close_date" }, new ReportGrouping { Field = "amount" }] };
        var multi = Valid with { GroupBy = [new ReportGrouping { Field = "tags" }] };

        Assert.Equal([("REPORT_GROUP_TYPE", "$.groupBy[0].bucket"), ("REPORT_GROUP_TYPE", "$.groupBy[1].field")], Problems(report));
        Assert.Equal([("REPORT_GROUP_TYPE", "$.groupBy[0].field")], Problems(multi));
    }

    [Fact]
    public void Validate_EverythingWrongAtOnce_ReportsEveryProblem()
    {
        var report = new ReportDefinition
        {
            Name = "", Object = "deal", Display = "radar",
            Filters = [new ReportFilter { Field = "nope", Operator = "eq", Value = "1" }, new ReportFilter { Field = "amount", Operator = "gt", Value = "x" }],
            GroupBy = [new ReportGrouping { Field = "stage" }, new ReportGrouping { Field = "owner" }, new ReportGrouping { Field = "source" }],
            Measures = [new ReportMeasure { Aggregate = "sum", Field = "name" }],
        };

        var codes = Problems(report).Select(p => p.Code).ToHashSet();

        Assert.Equal(new HashSet<string> { "REPORT_REQUIRED", "REPORT_DISPLAY", "REPORT_UNKNOWN_FIELD", "REPORT_VALUE", "REPORT_TOO_MANY_GROUPS", "REPORT_MEASURE_TYPE" }, codes);
    }
}
