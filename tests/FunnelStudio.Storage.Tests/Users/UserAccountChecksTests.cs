using FunnelStudio.Access;
using FunnelStudio.Metadata;
using FunnelStudio.Storage.Users;

namespace FunnelStudio.Storage.Tests.Users;

/// <summary>The checks every user change passes before anything is written: package roles, the manager chain, an admin left.</summary>
public sealed class UserAccountChecksTests
{
    private static readonly PackageDefinition Package = new("crm", "1.0.0", LocalizedText.Of("CRM"))
    {
        Roles =
        [
            new RoleDefinition("boss", LocalizedText.Of("Boss")) { Admin = true },
            new RoleDefinition("seller", LocalizedText.Of("Seller")),
        ],
    };

    private static DirectoryUser User(string id, string? manager = null, bool active = true, params string[] roles) =>
        new(id, id, $"{id}@example.com", active, manager, roles);

    [Fact]
    public void Roles_NotInThePackage_AreEachReported_AndNoRoleAtAllIsRefused()
    {
        var errors = new List<UserAccountError>();
        UserAccountChecks.Roles(["seller", "admin", "root"], Package, errors);

        Assert.Equal(["admin", "root"], errors.Select(e => e.Detail));
        Assert.All(errors, e => Assert.Equal(UserAccountErrors.RoleUnknown, e.Code));
        Assert.Contains("its roles are: boss, seller", errors[0].Message);
        var none = new List<UserAccountError>();
        UserAccountChecks.Roles([], Package, none);
        Assert.Equal(UserAccountErrors.RoleRequired, Assert.Single(none).Code);
    }

    [Fact]
    public void Manager_WhoReportsToTheUser_ThroughOthers_IsACycle()
    {
        IReadOnlyList<DirectoryUser> users = [User("a"), User("b", "a"), User("c", "b"), User("gone", active: false)];

        Assert.Equal(UserAccountErrors.ManagerCycle, Check("a", "c").Single().Code);
        Assert.Equal(UserAccountErrors.ManagerCycle, Check("a", "a").Single().Code);
        Assert.Equal(UserAccountErrors.ManagerUnknown, Check("a", "gone").Single().Code);
        Assert.Equal(UserAccountErrors.ManagerUnknown, Check("a", "nobody").Single().Code);
        Assert.Empty(Check("c", "a"));

        List<UserAccountError> Check(string user, string manager)
        {
            var errors = new List<UserAccountError>();
            UserAccountChecks.Manager(user, manager, users, errors);
            return errors;
        }
    }

    [Fact]
    public void LastActiveAdmin_CannotBeDeactivatedOrLoseTheRole_WhileAnInactiveAdminDoesNotCount()
    {
        IReadOnlyList<DirectoryUser> users = [User("only", null, true, "boss"), User("former", null, false, "boss"), User("s", null, true, "seller")];

        Assert.Equal(UserAccountErrors.LastAdmin, Check("only", null, false).Single().Code);
        Assert.Equal(UserAccountErrors.LastAdmin, Check("only", ["seller"], null).Single().Code);
        Assert.Empty(Check("only", ["boss", "seller"], null));
        Assert.Empty(Check("s", null, false));
        Assert.Empty(Check("former", ["seller"], null));

        List<UserAccountError> Check(string user, IReadOnlyList<string>? roles, bool? active)
        {
            var errors = new List<UserAccountError>();
            UserAccountChecks.LeavesAnAdmin(user, roles, active, Package, users, errors);
            return errors;
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-at-sign")]
    [InlineData("two@@example.com")]
    [InlineData("tab\t@example.com")]
    public void Email_ThatIsNotOne_IsRefused(string email)
    {
        var errors = new List<UserAccountError>();
        UserAccountChecks.Email(email, errors);
        Assert.Equal(UserAccountErrors.EmailInvalid, Assert.Single(errors).Code);
    }
}
