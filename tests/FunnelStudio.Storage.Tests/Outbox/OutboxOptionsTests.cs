using FunnelStudio.Outbox;

namespace FunnelStudio.Storage.Tests.Outbox;

/// <summary>The outbox's settings are checked at start, and its backoff doubles up to the cap.</summary>
public sealed class OutboxOptionsTests
{
    private static IReadOnlyList<string> Problems(OutboxOptions options) =>
        new OutboxOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Defaults_AreValid() => Assert.Empty(Problems(new OutboxOptions()));

    public static TheoryData<string, OutboxOptions> BadOptions => new()
    {
        { "PollInterval", new OutboxOptions { PollInterval = TimeSpan.Zero } },
        { "PollInterval", new OutboxOptions { PollInterval = TimeSpan.MaxValue } },
        { "BatchSize", new OutboxOptions { BatchSize = 0 } },
        { "BatchSize", new OutboxOptions { BatchSize = 100_000 } },
        { "Lease", new OutboxOptions { Lease = TimeSpan.FromSeconds(-1) } },
        { "Lease", new OutboxOptions { Lease = TimeSpan.FromSeconds(40), HandlerTimeout = TimeSpan.FromSeconds(30) } },
        { "Prefetch", new OutboxOptions { Prefetch = -1 } },
        { "Prefetch", new OutboxOptions { Prefetch = 1_000_000 } },
        // 20 slots and 60 ahead: the last one claimed waits for three rounds of 30 s handlers, then runs its own.
        { "Lease", new OutboxOptions { BatchSize = 20, Prefetch = 60, HandlerTimeout = TimeSpan.FromSeconds(30), Lease = TimeSpan.FromSeconds(149) } },
        { "MaxAttempts", new OutboxOptions { MaxAttempts = 0 } },
        { "MaxAttempts", new OutboxOptions { MaxAttempts = int.MaxValue } },
        { "BackoffBase", new OutboxOptions { BackoffBase = TimeSpan.FromHours(2), BackoffCap = TimeSpan.FromHours(1) } },
        { "BackoffCap", new OutboxOptions { BackoffCap = TimeSpan.MaxValue } },
        { "HandlerTimeout", new OutboxOptions { HandlerTimeout = TimeSpan.Zero } },
        { "HandlerTimeout", new OutboxOptions { HandlerTimeout = TimeSpan.MaxValue } },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void BadSetting_IsRefused_NamingIt(string setting, OutboxOptions options) =>
        Assert.Contains(Problems(options), p => p.StartsWith($"FunnelStudio:Outbox:{setting} ", StringComparison.Ordinal));

    [Fact]
    public void Lease_CoveringTheHandlersAClaimedMessageWaitsFor_IsAccepted()
    {
        var options = new OutboxOptions { BatchSize = 20, Prefetch = 60, HandlerTimeout = TimeSpan.FromSeconds(30), Lease = TimeSpan.FromSeconds(150) };

        Assert.Equal(TimeSpan.FromSeconds(150), OutboxOptionsValidator.LeaseAtLeast(options));
        Assert.Empty(Problems(options));
        Assert.Equal(TimeSpan.FromSeconds(60), OutboxOptionsValidator.LeaseAtLeast(options with { Prefetch = 0 }));
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(6, 320)]
    [InlineData(7, 600)]
    [InlineData(60, 600)]
    public void Backoff_DoublesFromTheBase_UpToTheCap(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds),
            OutboxBackoff.Delay(attempt, new OutboxOptions { BackoffBase = TimeSpan.FromSeconds(10), BackoffCap = TimeSpan.FromMinutes(10) }));

    [Fact]
    public void RetryAt_TakesAtMostAQuarterOffAtRandom_AndIsNullAfterTheLastAttempt()
    {
        var options = new OutboxOptions { BackoffBase = TimeSpan.FromSeconds(8), MaxAttempts = 3 };
        var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal(now.AddSeconds(16), OutboxBackoff.RetryAt(2, options, now, 0));
        Assert.Equal(now.AddSeconds(12), OutboxBackoff.RetryAt(2, options, now, 1));
        Assert.Null(OutboxBackoff.RetryAt(3, options, now, 0.5));
    }
}
