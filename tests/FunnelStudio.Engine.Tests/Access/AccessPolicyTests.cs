using System.Text.Json.Nodes;
using FunnelStudio.Access;
using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;
using FunnelStudio.Saving;

namespace FunnelStudio.Engine.Tests.Access;

/// <summary>How the compiled access policy merges roles and turns scopes into owner filters.</summary>
public class AccessPolicyTests
{
    /// <summary>
    /// The minimal package with an owned deal and three roles that say nothing of names: "boss" is the
    /// admin role, "seller" reads its own deals and may not see the discount, "auditor" reads every
    /// deal but may write only the decision maker. The role named "admin" has no admin flag here.
    /// </summary>
    private static readonly Lazy<CompiledPackage> Package = new(() => PackageBuilder.Minimal()
        .EditObject("deal", o =>
        {
            JsonEdit.Array(o, "fields").Add(new JsonObject { ["name"] = "owner", ["type"] = "user" });
            o["ownerField"] = "owner";
            o["pipeline"]!["reopenRole"] = "lead";
        })
        .EditPackage(p => p["roles"] = JsonNode.Parse("""
            [
              { "name": "admin", "label": "Called admin, but not one" },
              { "name": "boss", "label": "Boss", "admin": true },
              { "name": "seller", "label": "Seller", "permissions": {
                  "deal": { "read": "own", "create": true, "edit": "own", "fields": { "discount": "hidden", "amount": "read" } } } },
              { "name": "lead", "label": "Team lead", "permissions": {
                  "deal": { "read": "team", "edit": "team", "fields": { "discount": "read" } } } },
              { "name": "auditor", "label": "Auditor", "permissions": {
                  "deal": { "read": "all", "edit": "all", "fields": { "*": "read", "decision_maker": "write" } },
                  "account": { "read": "all" } } }
            ]
            """))
        .Compile());

    private static ObjectDefinition Deal => Package.Value.Definition.Object("deal")!;

    private static ObjectAccess For(params string[] roles) =>
        Package.Value.Access.For(new ActingUser("u1", "User", roles) { TeamIds = ["u2", "u3"] }, Deal);

    [Fact]
    public void Admin_IsTheRoleFlaggedAdmin_NotTheRoleNamedAdmin()
    {
        Assert.False(Package.Value.Access.IsAdmin(new ActingUser("u", "U", ["admin"])));
        Assert.True(Package.Value.Access.IsAdmin(new ActingUser("u", "U", ["boss"])));
        Assert.True(Package.Value.Access.IsAdmin(ActingUser.System));
        var boss = For("boss");
        Assert.Null(boss.ReadableOwners);
        Assert.True(boss.CanCreate && boss.CanDelete("anyone") && boss.CanWrite("discount"));
    }

    [Fact]
    public void ARoleThePackageDoesNotDefine_GivesNothing()
    {
        var stranger = new ActingUser("u", "U", ["superuser"]);

        Assert.False(Package.Value.Access.HasAnyRole(stranger));
        var access = Package.Value.Access.For(stranger, Deal);
        Assert.Equal([], access.ReadableOwners);
        Assert.False(access.CanCreate || access.CanRead("u") || access.CanReadAny);
    }

    [Fact]
    public void Scopes_BecomeOwnerFilters()
    {
        Assert.Equal(["u1"], For("seller").ReadableOwners);
        Assert.Equal(["u1", "u2", "u3"], For("lead").ReadableOwners);
        Assert.Null(For("auditor").ReadableOwners);
        Assert.Equal([], Package.Value.Access.For(new ActingUser("u1", "U", ["seller"]), Package.Value.Definition.Object("account")!).ReadableOwners);
    }

    [Fact]
    public void OwnAndTeam_ReachExactlyTheirOwners()
    {
        var seller = For("seller");
        Assert.True(seller.CanRead("u1") && seller.CanEdit("u1"));
        Assert.False(seller.CanRead("u2") || seller.CanRead(null) || seller.CanDelete("u1"));
        var lead = For("lead");
        Assert.True(lead.CanEdit("u3"));
        Assert.False(lead.CanRead("u4"));
    }

    [Fact]
    public void SeveralRoles_GetTheWidestOfEach()
    {
        var both = For("seller", "lead");

        Assert.Equal(AccessScope.Team, both.Permission.Read);
        Assert.True(both.CanCreate);
        // hidden (seller) and read (lead) → read; read (seller) and unnamed (lead: write) → write.
        Assert.Equal(FieldAccess.Read, both.Field("discount"));
        Assert.Equal(FieldAccess.Write, both.Field("amount"));
    }

    [Fact]
    public void TheStar_SetsEveryOtherField()
    {
        var auditor = For("auditor");

        Assert.Equal(FieldAccess.Read, auditor.Field("name"));
        Assert.Equal(FieldAccess.Read, auditor.Field("amount"));
        Assert.Equal(FieldAccess.Write, auditor.Field("decision_maker"));
        Assert.False(auditor.CanCreate);
    }

    [Fact]
    public void HiddenFields_AreLeftOutOfTheVisibleFields()
    {
        var seller = For("seller");

        Assert.True(seller.IsHidden("discount"));
        Assert.DoesNotContain(seller.VisibleFields, f => f.Name == "discount");
        Assert.Contains(seller.VisibleFields, f => f.Name == "amount");
    }

    [Fact]
    public void Teams_FollowTheWholeManagerChain_AndSurviveACycle()
    {
        DirectoryUser User(string id, string? manager) => new(id, id, null, true, manager, []);
        var users = new[] { User("ceo", null), User("vp", "ceo"), User("m1", "vp"), User("r1", "m1"), User("r2", "m1"), User("x", "y"), User("y", "x") };

        Assert.Equal(["vp", "m1", "r1", "r2"], Teams.ReportsOf("ceo", users));
        Assert.Equal(["r1", "r2"], Teams.ReportsOf("m1", users));
        Assert.Equal(["y"], Teams.ReportsOf("x", users));
        Assert.True(Teams.WouldCycle("vp", "r1", users));
        Assert.True(Teams.WouldCycle("r1", "r1", users));
        Assert.False(Teams.WouldCycle("r1", "ceo", users));
    }
}
