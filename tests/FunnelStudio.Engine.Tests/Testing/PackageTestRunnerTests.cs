using FunnelStudio.Testing;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Testing;

/// <summary>A package's own tests (<c>tests/*.json</c>) run against its compiled rules.</summary>
public class PackageTestRunnerTests
{
    private static IReadOnlyList<PackageTestResult> Run(string testsJson) =>
        PackageTestRunner.Run(PackageBuilder.Minimal().WithTests("deal.json", testsJson).Compile());

    [Fact]
    public void Run_MatchingExpectations_Pass()
    {
        var results = Run("""
            { "tests": [
              { "name": "valid deal", "object": "deal", "record": { "name": "Acme" }, "expect": { "valid": true } },
              { "name": "rep over 30%", "object": "deal", "record": { "name": "Acme", "discount": 40 },
                "expect": { "valid": false, "errors": ["discount_needs_manager"] } },
              { "name": "manager over 30%", "object": "deal", "record": { "name": "Acme", "discount": 40 },
                "user": { "id": "m", "name": "M", "roles": ["manager"] }, "expect": { "valid": true } },
              { "name": "weighted", "object": "deal", "record": { "name": "Acme", "amount": 1000, "stage": "sql" },
                "expect": { "formulas": { "weighted_amount": 300 } } },
              { "name": "skip to opportunity", "object": "deal", "record": { "name": "Acme", "stage": "lead" },
                "expect": { "move": { "to": "opportunity", "allowed": false,
                  "blocking": ["source", "icp_checked", "amount", "budget_known", "decision_maker_named", "close_date_set"] } } }
            ] }
            """);

        Assert.Equal(["valid deal", "rep over 30%", "manager over 30%", "weighted", "skip to opportunity"], results.Select(r => r.Name));
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Name}: {string.Join("; ", r.Failures)}"));
        Assert.All(results, r => Assert.Equal("tests/deal.json", r.File));
    }

    [Fact]
    public void Run_WrongValidity_FailsNamingTheErrors()
    {
        var result = Assert.Single(Run("""
            [ { "name": "expects valid", "object": "deal", "record": { "discount": 40 }, "expect": { "valid": true } } ]
            """));

        var failure = Assert.Single(result.Failures);
        Assert.Equal("expected valid, but got errors: name; discount_needs_manager", failure);
    }

    [Fact]
    public void Run_ExpectedInvalidButValid_Fails()
    {
        var result = Assert.Single(Run("""
            [ { "name": "expects invalid", "object": "deal", "record": { "name": "x" }, "expect": { "valid": false } } ]
            """));

        Assert.Equal(["expected invalid, but every validation rule passed"], result.Failures);
    }

    [Fact]
    public void Run_DifferentErrorSet_Fails()
    {
        var result = Assert.Single(Run("""
            [ { "name": "errors", "object": "deal", "record": { "discount": 40 }, "expect": { "errors": ["discount_needs_manager"] } } ]
            """));

        Assert.Equal(["expected errors [discount_needs_manager], got [name, discount_needs_manager]"], result.Failures);
    }

    [Fact]
    public void Run_WrongFormulaValue_FailsWithBothValues()
    {
        var result = Assert.Single(Run("""
            [ { "name": "f", "object": "deal", "record": { "name": "x", "amount": 1000, "stage": "mql" },
                "expect": { "formulas": { "weighted_amount": 300 } } } ]
            """));

        Assert.Equal(["formula weighted_amount: expected 300, got 100"], result.Failures);
    }

    [Fact]
    public void Run_MoveExpectedAllowedButBlocked_FailsNamingTheBlockers()
    {
        var result = Assert.Single(Run("""
            [ { "name": "m", "object": "deal", "record": { "name": "x", "stage": "lead", "source": "web" },
                "expect": { "move": { "to": "mql", "allowed": true } } } ]
            """));

        Assert.Equal(["expected move lead → mql allowed, but blocked by icp_checked"], result.Failures);
    }

    [Fact]
    public void Run_MoveWithDifferentBlockingSet_Fails()
    {
        var result = Assert.Single(Run("""
            [ { "name": "m", "object": "deal", "record": { "name": "x", "stage": "lead" },
                "expect": { "move": { "to": "mql", "allowed": false, "blocking": ["icp_checked"] } } } ]
            """));

        Assert.Equal(["move lead → mql: expected blocking [icp_checked], got [source, icp_checked]"], result.Failures);
    }

    [Fact]
    public void Run_ReopenByRoleFromTest_IsAllowed()
    {
        var results = Run("""
            [ { "name": "rep reopens", "object": "deal", "record": { "name": "x", "stage": "won" },
                "expect": { "move": { "to": "opportunity", "allowed": false, "blocking": ["reopen_forbidden"] } } },
              { "name": "manager reopens", "object": "deal", "record": { "name": "x", "stage": "won" },
                "user": { "roles": ["manager"] }, "expect": { "move": { "to": "opportunity", "allowed": true } } } ]
            """);

        Assert.All(results, r => Assert.True(r.Passed, string.Join("; ", r.Failures)));
    }

    [Fact]
    public void Run_NowFromTheTest_IsTheRulesClock()
    {
        var package = PackageBuilder.Minimal()
            .WithFormula("deal", "age_days", "Fn.DaysSince(record.first_contact_at)", "number")
            .WithTests("clock.json", """
                [ { "name": "explicit now", "object": "deal", "now": "2026-05-01T00:00:00Z",
                    "record": { "name": "x", "first_contact_at": "2026-04-21T00:00:00Z" }, "expect": { "formulas": { "age_days": 10 } } },
                  { "name": "default now", "object": "deal",
                    "record": { "name": "x", "first_contact_at": "2025-12-22T00:00:00Z" }, "expect": { "formulas": { "age_days": 10 } } } ]
                """)
            .Compile();

        var results = PackageTestRunner.Run(package);

        Assert.All(results, r => Assert.True(r.Passed, $"{r.Name}: {string.Join("; ", r.Failures)}"));
    }

    [Fact]
    public void Run_OldRecord_IsWhatChangedAndOldSee()
    {
        var package = PackageBuilder.Minimal()
            .WithRule("deal", "amount_frozen", "!Fn.Changed(\"amount\")", "The amount is frozen.")
            .WithTests("old.json", """
                [ { "name": "changed", "object": "deal", "record": { "name": "x", "amount": 2 }, "old": { "name": "x", "amount": 1 },
                    "expect": { "errors": ["amount_frozen"] } },
                  { "name": "unchanged", "object": "deal", "record": { "name": "x", "amount": 1 }, "old": { "name": "x", "amount": 1 },
                    "expect": { "valid": true } } ]
                """)
            .Compile();

        var results = PackageTestRunner.Run(package);

        Assert.All(results, r => Assert.True(r.Passed, $"{r.Name}: {string.Join("; ", r.Failures)}"));
    }
}
