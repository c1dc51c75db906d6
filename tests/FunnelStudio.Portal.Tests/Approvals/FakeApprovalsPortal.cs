using FunnelStudio.Approvals;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.Storage.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Approvals;

/// <summary>
/// The portal (on SQLite: these tests are about HTTP and pages, not storage) with a
/// <see cref="FakeApprovalService"/> as its approval service, so every outcome can be set up.
/// </summary>
public sealed class FakeApprovalsPortal() : PortalServer(new SqliteDatabase())
{
    public FakeApprovalService Approvals { get; } = new();

    protected override void Configure(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddSingleton<IApprovalService>(Approvals));

    /// <summary>A new user holding <paramref name="role"/> (signed in with <see cref="PortalServer.Password"/>), as a party of the fake.</summary>
    public async Task<(string Email, FakeApprovalService.Party Party)> NewUserAsync(string prefix, string role)
    {
        var email = TestUsers.UniqueEmail(prefix);
        var id = await this.CreateUserAsync(email, role);
        return (email, new FakeApprovalService.Party(id, email));
    }

    public async Task<FakeApprovalService.Party> PartyAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException($"No user {email}.");
        return new FakeApprovalService.Party(user.Id, user.DisplayName.Length > 0 ? user.DisplayName : email);
    }
}
