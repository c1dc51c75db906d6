namespace FunnelStudio.Access;

/// <summary>The manager chain: who reports to whom, directly or through other managers.</summary>
public static class Teams
{
    /// <summary>
    /// Everyone below <paramref name="managerId"/> in the manager chain, in breadth-first order.
    /// A cycle in stored data (which the admin pages refuse to create) ends the walk, never loops.
    /// </summary>
    public static IReadOnlyList<string> ReportsOf(string managerId, IEnumerable<DirectoryUser> users)
    {
        var byManager = users.Where(u => u.ManagerId is not null).ToLookup(u => u.ManagerId!, u => u.Id, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal) { managerId };
        var reports = new List<string>();
        var queue = new Queue<string>([managerId]);
        while (queue.TryDequeue(out var next))
            foreach (var report in byManager[next])
                if (seen.Add(report))
                {
                    reports.Add(report);
                    queue.Enqueue(report);
                }
        return reports;
    }

    /// <summary>True when making <paramref name="managerId"/> the manager of <paramref name="userId"/> would close a cycle.</summary>
    public static bool WouldCycle(string userId, string? managerId, IEnumerable<DirectoryUser> users) =>
        managerId is not null && (managerId == userId || ReportsOf(userId, users).Contains(managerId));
}
