namespace FunnelStudio.Storage.Tests.Analytics;

/// <summary>One generated record of the analytics test data as the tests know it: what goes into <c>records</c> and its moves.</summary>
public sealed record KnownRecord(Guid Id, string Object, string Title, string? OwnerId, string? CreatedBy, decimal? Amount,
    string? Channel, string? Segment, DateTime CreatedAt, bool Deleted, IReadOnlyList<KnownMove> Moves)
{
    /// <summary>The current stage: where the last move (by time, then id) went.</summary>
    public string Stage => Last.To;

    public DateTime StageEnteredAt => Last.At;

    private KnownMove Last => Moves.OrderBy(m => m.At).ThenBy(m => m.Id).Last();
}

/// <summary>One <c>stage_history</c> row: <see cref="From"/> null for the create.</summary>
public sealed record KnownMove(long Id, string? From, string To, DateTime At, double? SecondsInPrevious, decimal? Amount);

/// <summary>A user of the test data: its id, package roles and manager.</summary>
public sealed record KnownUser(string Id, string Name, string[] Roles, string? ManagerId);

/// <summary>The stages of the test package's pipeline as the reference reads them (the package says the same).</summary>
public sealed record KnownStage(string Name, int Index, decimal Probability, string? Terminal, int? StalledAfterDays)
{
    public bool IsOpen => Terminal is null;
    public bool IsWon => Terminal == "won";
    public bool IsLost => Terminal == "lost";

    public static readonly IReadOnlyList<KnownStage> Pipeline =
    [
        new("prospect", 0, 10, null, 12),
        new("qualify", 1, 25, null, 20),
        new("propose", 2, 55, null, null),
        new("negotiate", 3, 80, null, 7),
        new("closed_won", 4, 100, "won", null),
        new("closed_lost", 5, 0, "lost", null),
        new("no_fit", 6, 0, "lost", null),
    ];

    public static KnownStage Named(string name) => Pipeline.Single(s => s.Name == name);
}
