using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Documents;

/// <summary>FunnelStudio:Templating is checked at start: 0, a negative or an absurd limit stops the portal with the reason.</summary>
public sealed class TemplatingOptionsStartTests
{
    [Theory]
    [InlineData("LoopLimit", "0")]
    [InlineData("RecursiveLimit", "-1")]
    [InlineData("OutputLimit", "2147483647")]
    [InlineData("RegexTimeoutMs", "0")]
    [InlineData("TimeoutMs", "600000")]
    public Task Start_WithAnUnusableTemplateLimit_StopsNamingTheSetting(string key, string value) =>
        OptionsAtStart.AssertRefusedAsync($"FunnelStudio:Templating:{key}", value);
}
