using FunnelStudio.Access;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;

namespace FunnelStudio.Versions.Backtest;

/// <summary>
/// The replay itself, free of storage: fed records with their history one at a time
/// (<see cref="Add"/>), it judges each stored stage move with both versions' gates on the values the
/// record had at that moment (<see cref="RecordTimeline.ValuesAt"/>), <c>now</c> = the move's time
/// and <c>user</c> = the mover with their roles from the user directory (as they are today: roles
/// are not versioned), or an unknown user with no role. Each move is judged on its own, as stored:
/// a move the draft blocks does not change what the record did next.
/// </summary>
public sealed class BacktestReplay
{
    private readonly GateTally _activeGate;
    private readonly GateTally _draftGate;
    private readonly StageTally _happened;
    private readonly StageTally _drafted;
    private readonly Dictionary<string, RuleUser> _users;
    private long _records;
    private long _moves;

    public BacktestReplay(CompiledPackage active, CompiledPackage draft, IEnumerable<DirectoryUser> users, BacktestOptions? options = null)
    {
        options ??= BacktestOptions.Default;
        var activeView = new VersionView(active, new Dictionary<string, string>());
        var draftView = new VersionView(draft, options.Mapping.Stages);
        _activeGate = new GateTally(activeView, options.Examples);
        _draftGate = new GateTally(draftView, options.Examples);
        _happened = new StageTally(activeView);
        _drafted = new StageTally(draftView);
        _users = users.ToDictionary(u => u.Id, u => new RuleUser(u.Id, u.Name, u.Roles.ToArray()), StringComparer.Ordinal);
        Objects = ObjectsToRead(active, draft);
    }

    /// <summary>
    /// The objects whose history to read, with the definitions to read it with: those with a pipeline
    /// in either version, as the active version defines them (the stored values are its), else the draft.
    /// </summary>
    public IReadOnlyList<ObjectDefinition> Objects { get; }

    /// <summary>Replays every stage move of one record.</summary>
    public void Add(HistoricalRecord record)
    {
        _records++;
        _happened.Start();
        _drafted.Start();
        foreach (var move in record.Moves)
        {
            _moves++;
            var after = RecordTimeline.ValuesAt(record, move.At, MomentSide.After);
            var before = move.From is null ? null : RecordTimeline.ValuesAt(record, move.At, MomentSide.Before);
            var user = Mover(move.By);
            var system = new RecordSystemValues(record.Id.ToString(), record.CreatedAt, move.At);
            _activeGate.Judge(record, move, before, after, user, system);
            var draft = _draftGate.Judge(record, move, before, after, user, system);
            _happened.Move(record.Object, move, Verdict.Allowed);
            _drafted.Move(record.Object, move, draft);
        }
    }

    /// <summary>
    /// Adds the records another replay of the same versions saw: replays over disjoint sets of records
    /// run in parallel and are absorbed into one before <see cref="Report"/>.
    /// </summary>
    public void Absorb(BacktestReplay other)
    {
        _records += other._records;
        _moves += other._moves;
        _activeGate.Absorb(other._activeGate);
        _draftGate.Absorb(other._draftGate);
        _happened.Absorb(other._happened);
        _drafted.Absorb(other._drafted);
    }

    public BacktestReport Report(TimeSpan elapsed) =>
        new(_records, _moves, _activeGate.Outcome(), _draftGate.Outcome(), Stages(), elapsed);

    private RuleUser Mover(string? id)
    {
        if (id is null) return RuleUser.Anonymous;
        if (!_users.TryGetValue(id, out var user)) _users[id] = user = new RuleUser(id, "", []);
        return user;
    }

    /// <summary>Per object, the draft's stages in pipeline order, then the active's it lacks, then any other stage history names.</summary>
    private List<StageComparison> Stages()
    {
        var stages = new List<StageComparison>();
        foreach (var obj in Objects)
        {
            var names = _drafted.Version.Stages(obj.Name).Concat(_happened.Version.Stages(obj.Name))
                .Concat(_happened.Keys.Concat(_drafted.Keys).Where(k => k.Object == obj.Name).Select(k => k.Stage).Order(StringComparer.Ordinal))
                .Distinct(StringComparer.Ordinal);
            foreach (var stage in names)
                stages.Add(new StageComparison(obj.Name, stage, _happened.Figures(obj.Name, stage), _drafted.Figures(obj.Name, stage)));
        }
        return stages;
    }

    private static List<ObjectDefinition> ObjectsToRead(CompiledPackage active, CompiledPackage draft)
    {
        var objects = active.Objects.Values.Where(o => o.Pipeline is not null).Select(o => o.Definition).ToList();
        objects.AddRange(draft.Objects.Values
            .Where(o => o.Pipeline is not null && active.Object(o.Name)?.Pipeline is null && objects.All(a => a.Name != o.Name))
            .Select(o => o.Definition));
        return objects;
    }
}
