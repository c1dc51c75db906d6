using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Testing;

namespace FunnelStudio.Engine.Tests.Access;

/// <summary>
/// Package tests with <c>user.roles</c> decide a move for that user: the record within their edit
/// scope (FORBIDDEN), the stage theirs to write and every field an unmet criterion asks for
/// (FIELD_FORBIDDEN:&lt;field&gt;). Without roles only the criteria count, as before.
/// </summary>
public class MoveAccessTests
{
    private const string OpportunityReadyButUnpaid =
        """{ "name": "x", "stage": "opportunity", "owner": "u-rep-1", "amount": 480000, "close_date": "2026-07-15", "demo_done": true, "decision_maker_feedback": "positive", "contract_signed": true, "payment_confirmed": false }""";

    private static PackageTestResult Run(string user, string record, string to, string expect) =>
        Assert.Single(PackageTestRunner.Run(PackageBuilder.FromFolder(Fixtures.SamplePackage("b2b-saas"))
            .Without("tests/deal_stages.json").Without("tests/formulas.json").Without("tests/validation.json").Without("tests/access.json")
            .WithTests("t.json", $$"""
                { "tests": [ { "name": "t", "object": "deal", "record": {{record}}, {{(user.Length > 0 ? $"\"user\": {user}," : "")}}
                               "now": "2026-06-01T00:00:00Z", "expect": { "move": { "to": "{{to}}", {{expect}} } } } ] }
                """).Compile()));

    [Fact]
    public void Move_ARepCannotGiveWhatOnlyFinanceMayWrite_NamesTheField()
    {
        var result = Run("""{ "id": "u-rep-1", "roles": ["rep"] }""", OpportunityReadyButUnpaid, "won",
            """ "allowed": false, "blocking": ["payment_received"] """);

        Assert.Equal(["move opportunity → won: expected blocking [payment_received], got [FIELD_FORBIDDEN:payment_confirmed, payment_received]"],
            result.Failures);
    }

    [Fact]
    public void Move_WithoutRoles_ChecksOnlyTheCriteria()
    {
        var result = Run("", OpportunityReadyButUnpaid, "won", """ "allowed": false, "blocking": ["payment_received"] """);

        Assert.True(result.Passed, string.Join("; ", result.Failures));
    }

    [Fact]
    public void Move_SomeoneElsesRecordBeyondTheEditScope_IsForbiddenWhateverTheCriteria()
    {
        var result = Run("""{ "id": "u-rep-2", "roles": ["rep"] }""", OpportunityReadyButUnpaid, "won",
            """ "allowed": false, "blocking": ["FORBIDDEN"] """);

        Assert.True(result.Passed, string.Join("; ", result.Failures));
    }

    [Fact]
    public void Move_ByAManagerOfTheOwner_ReachesTheRecordThroughTheTeam()
    {
        var outsider = Run("""{ "id": "u-mgr-1", "roles": ["manager"] }""", OpportunityReadyButUnpaid, "sql", """ "allowed": false, "blocking": ["FORBIDDEN"] """);
        var manager = Run("""{ "id": "u-mgr-1", "roles": ["manager"], "team": ["u-rep-1"] }""", OpportunityReadyButUnpaid, "sql", """ "allowed": true """);

        Assert.True(outsider.Passed, string.Join("; ", outsider.Failures));
        Assert.True(manager.Passed, string.Join("; ", manager.Failures));
    }

    [Fact]
    public void Move_ByARoleThatMayOnlyReadTheStage_IsForbiddenOnTheStageField()
    {
        var result = Run("""{ "id": "u-fin", "roles": ["finance"] }""", OpportunityReadyButUnpaid, "won",
            """ "allowed": false, "blocking": ["FIELD_FORBIDDEN:stage", "payment_received"] """);

        Assert.True(result.Passed, string.Join("; ", result.Failures));
    }
}
