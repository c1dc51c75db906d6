using Microsoft.Playwright;

namespace FunnelStudio.Browser.Tests;

internal static class BrowserExtensions
{
    /// <summary>Drags with real pointer moves (the board's SortableJS listens to pointer events).</summary>
    public static async Task DragAsync(this IPage page, ILocator source, ILocator target)
    {
        await source.ScrollIntoViewIfNeededAsync();
        var from = await source.BoundingBoxAsync() ?? throw new InvalidOperationException("drag source not visible");
        var to = await target.BoundingBoxAsync() ?? throw new InvalidOperationException("drop target not visible");
        var startX = from.X + from.Width / 2;
        var startY = from.Y + Math.Min(from.Height / 2, 12);
        await page.Mouse.MoveAsync(startX, startY);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(startX + 8, startY + 8, new MouseMoveOptions { Steps = 4 });
        await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + Math.Min(to.Height / 2, 40), new MouseMoveOptions { Steps = 25 });
        await page.Mouse.UpAsync();
    }

    /// <summary>True when the page itself scrolls sideways (content wider than the viewport).</summary>
    public static Task<bool> PageOverflowsHorizontallyAsync(this IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
}
