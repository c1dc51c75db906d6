using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Scripts;

/// <summary>FunnelStudio:Scripting is checked at start: a limit of 0 or an "unlimited" value stops the portal with the reason.</summary>
public sealed class ScriptingOptionsStartTests
{
    [Theory]
    [InlineData("TimeoutMs", "0")]
    [InlineData("TimeoutMs", "2147483647")]
    [InlineData("MaxStatements", "2147483647")]
    [InlineData("MemoryBytes", "9223372036854775807")]
    [InlineData("MaxRecursion", "-1")]
    public Task Start_WithAnUnusableScriptLimit_StopsNamingTheSetting(string key, string value) =>
        OptionsAtStart.AssertRefusedAsync($"FunnelStudio:Scripting:{key}", value);
}
