using FunnelStudio.Access;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;

namespace FunnelStudio.Portal.Pages.Objects;

/// <summary>
/// <c>/o/{object}/board</c>: a column per stage with its count, amount and first cards. Dropping a
/// card on another column posts to the move handler (<see cref="MoveModel"/>).
/// </summary>
public sealed class BoardModel(IPackageRuntime runtime, ICurrentUser currentUser, IRecordService records,
    IUserDirectory users, ValueDisplay display, UserTimeZone zone) : ObjectPageModel(runtime, currentUser)
{
    /// <summary>Cards shown per column; the rest are one "more" click away in the filtered list.</summary>
    public const int CardsPerStage = 20;

    [BindProperty(SupportsGet = true)] public string? Owner { get; set; }

    public BoardView Board { get; private set; } = null!;
    public IReadOnlyList<UserOption> OwnerOptions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Pipeline is null) return NotFound();
        if (string.IsNullOrWhiteSpace(Owner)) Owner = null;
        var columns = await records.BoardAsync(Definition.Name, Acting, Owner, CardsPerStage, cancellationToken);
        await display.PrefetchAsync(Definition, columns.SelectMany(c => c.Cards), Acting, cancellationToken, lookups: false);
        Board = new BoardView(Access, columns, display, zone);
        // The owner filter offers the owners whose records the user may read.
        OwnerOptions = await users.ActiveAsync(Access.ReadableOwners, cancellationToken);
        return Page();
    }
}
