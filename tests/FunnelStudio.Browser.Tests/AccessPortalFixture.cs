using FunnelStudio.TestSupport;

namespace FunnelStudio.Browser.Tests;

/// <summary>
/// The portal on a variant of b2b-saas where reps read only their own accounts, so a rep's deal can
/// point to an account the rep cannot open.
/// </summary>
public sealed class AccessPortalFixture : PortalFixture
{
    private readonly PackageVariant _variant = PackageVariant.Of("b2b-saas")
        .EditPermission("rep", "account", p => p["read"] = "own");

    protected override string Package => _variant.Path;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _variant.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class AccessPortalCollection : ICollectionFixture<AccessPortalFixture>
{
    public const string Name = "portal in Chromium, reps reading their own accounts";
}
