using System.Text.Json.Nodes;
using FunnelStudio.Diagnostics;
using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Metadata;

namespace FunnelStudio.Engine.Tests.Approvals;

/// <summary>approvals/*.json are checked against approval.schema.json and for meaning, every problem with its code, file and path.</summary>
public sealed class ApprovalLoadingTests
{
    private static PackageBuilder Sample() => PackageBuilder.FromFolder(Fixtures.SamplePackage("b2b-saas"));

    private static JsonObject Flow(Action<JsonObject>? edit = null)
    {
        var flow = JsonNode.Parse(Sample().Text("approvals/discount_approval.json"))!.AsObject();
        edit?.Invoke(flow);
        return flow;
    }

    private static IReadOnlyList<Diagnostic> Errors(JsonObject flow) =>
        Sample().With("approvals/discount_approval.json", flow.ToJsonString()).Load().Diagnostics.Where(d => d.IsError).ToList();

    [Fact]
    public void SampleFlow_LoadsWithItsStepsAndParties()
    {
        var result = Sample().Load();
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var flow = Assert.Single(result.Package!.Definition.ApprovalFlows);
        Assert.Equal("deal", flow.Object);
        Assert.True(flow.LockRecord);
        Assert.Equal(["manager", "finance"], flow.Steps.Select(s => s.Name));
        Assert.Equal(PartyKind.OwnerManager, flow.Steps[0].Approvers.Kind);
        Assert.Equal(TimeSpan.FromDays(2), flow.Steps[0].EscalateAfter);
        Assert.Equal(new Party(PartyKind.Role, "finance"), flow.Steps[1].Approvers);
        Assert.NotNull(flow.Steps[1].When);
        var compiled = Assert.Single(result.Package.Object("deal")!.Approvals);
        Assert.Contains("discount", compiled.EntryFields);
    }

    [Fact]
    public void StepWithoutApprovers_AndAnUnknownMode_AreSchemaErrorsAtTheirPaths()
    {
        var errors = Errors(Flow(f =>
        {
            f["steps"]![0]!.AsObject().Remove("approvers");
            f["steps"]![1]!["mode"] = "most";
        }));
        Assert.Contains(errors, e => e.Code == DiagnosticCodes.InvalidApprovalFlow.Id && e.Path == "$.steps[0]" && e.File == "approvals/discount_approval.json");
        Assert.Contains(errors, e => e.Code == DiagnosticCodes.InvalidApprovalFlow.Id && e.Path == "$.steps[1].mode");
    }

    [Fact]
    public void EntryThatIsNotBoolean_IsRefused()
    {
        var errors = Errors(Flow(f => f["entry"]!["expression"] = "record.discount"));
        Assert.Contains(errors, e => e.Code == DiagnosticCodes.ExpressionWrongType.Id && e.Path == "$.entry.expression");
    }

    [Fact]
    public void UnknownRoleFieldStageTemplateAndObject_AreEachReported()
    {
        var errors = Errors(Flow(f =>
        {
            f["steps"]![1]!["approvers"] = new JsonObject { ["role"] = "cfo" };
            f["steps"]![0]!["approvers"] = new JsonObject { ["field"] = "amount" };
            f["onApproved"] = new JsonArray(new JsonObject { ["set"] = new JsonObject { ["no_such"] = 1 } }, new JsonObject { ["moveStage"] = "nowhere" });
            f["onRejected"] = new JsonArray(new JsonObject { ["notify"] = new JsonObject { ["template"] = "missing", ["to"] = new JsonObject { ["ownerManager"] = true } } });
        }));
        Assert.Contains(errors, e => e.Code == DiagnosticCodes.ApprovalUnknownParty.Id && e.Path == "$.steps[1].approvers.role");
        Assert.Contains(errors, e => e.Code == DiagnosticCodes.ApprovalUnknownParty.Id && e.Path == "$.steps[0].approvers.field");
        Assert.Contains(errors, e => e.Code == DiagnosticCodes.ApprovalUnknownTarget.Id && e.Path == "$.onApproved[0].set.no_such");
        Assert.Contains(errors, e => e.Code == DiagnosticCodes.ApprovalUnknownTarget.Id && e.Path == "$.onApproved[1].moveStage");
        Assert.Contains(errors, e => e.Code == DiagnosticCodes.ApprovalUnknownTarget.Id && e.Path == "$.onRejected[0].notify.template");

        var otherObject = Errors(Flow(f => f["object"] = "invoice"));
        Assert.Contains(otherObject, e => e.Code == DiagnosticCodes.ApprovalUnknownObject.Id);
    }

    [Fact]
    public void ApproverRoleThatCannotReadTheObject_IsRefusedAtLoad()
    {
        var builder = Sample().EditPackage(p =>
            p["roles"]!.AsArray().Add(new JsonObject { ["name"] = "intern", ["label"] = "Intern", ["permissions"] = new JsonObject() }));
        var flow = Flow(f => f["steps"]![1]!["approvers"] = new JsonObject { ["role"] = "intern" });
        var errors = builder.With("approvals/discount_approval.json", flow.ToJsonString()).Load().Diagnostics.Where(d => d.IsError).ToList();
        Assert.Contains(errors, e => e.Code == DiagnosticCodes.ApproverCannotRead.Id && e.Path == "$.steps[1].approvers.role");
    }

    [Fact]
    public void FlowNamedUnlikeItsFile_AndFnApprovedOfAnUnknownFlow_AreRefused()
    {
        var renamed = Errors(Flow(f => f["name"] = "other"));
        Assert.Contains(renamed, e => e.Code == DiagnosticCodes.ApprovalFlowName.Id);

        var gate = Sample().WithRule("deal", "needs_credit", "Fn.Approved(\"credit_check\")").Load();
        Assert.Contains(gate.Diagnostics, e => e.Code == DiagnosticCodes.UnknownApprovalFlow.Id && e.Message.Contains("discount_approval"));
    }

    [Fact]
    public void NotJson_IsAParseErrorOfItsFile()
    {
        var result = Sample().With("approvals/discount_approval.json", "{ \"name\": ").Load();
        Assert.Contains(result.Diagnostics, e => e.IsError && e.File == "approvals/discount_approval.json");
        Assert.Null(result.Package);
    }
}
