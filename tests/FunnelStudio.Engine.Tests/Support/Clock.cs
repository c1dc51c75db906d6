namespace FunnelStudio.Engine.Tests.Support;

/// <summary>A fixed clock: 2026-03-10 15:30 UTC.</summary>
public static class Clock
{
    public static readonly DateTime Now = new(2026, 3, 10, 15, 30, 0, DateTimeKind.Utc);
}
