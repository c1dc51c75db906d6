using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Demo;

/// <summary>
/// Demo accounts, contacts and deals over the last six months. Each deal is created as a lead and
/// moved stage by stage, each move supplying what the stage's exit criteria ask (first contact and
/// ICP fit, confirmed need, BANT and a demo date, a positive decision maker, contract and payment) —
/// so its stage history is one a real rep could have produced. About a fifth end lost, with a reason.
/// Deterministic (fixed seed) apart from being relative to today.
/// </summary>
public sealed class DemoDeals(DemoRecordWriter writer, DemoTeam team, DateTime now)
{
    private static readonly string[] OpenPath = ["lead", "mql", "sql", "opportunity"];
    private readonly Random _random = new(20260601);
    private readonly List<(StoredRecord Account, ActingUser Owner, string Company)> _accounts = [];
    private readonly Dictionary<Guid, List<(StoredRecord Contact, string Name, string Title)>> _contacts = [];

    public async Task<int> CreateAsync(int deals)
    {
        await CreateAccountsAsync(Math.Clamp(deals / 6, 4, DemoNames.Companies.Length));
        if (_accounts.Count == 0) return 0;
        var created = 0;
        for (var i = 0; i < deals; i++)
            if (await CreateDealAsync(i)) created++;
        return created;
    }

    private ActingUser PickOwner() => _random.Next(100) switch { < 45 => team.Rep, < 85 => team.Rep2, _ => team.Manager };

    private async Task CreateAccountsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var (name, industry, city) = DemoNames.Companies[i];
            var owner = i % 5 == 4 ? team.Manager : i % 2 == 0 ? team.Rep : team.Rep2;
            var at = now.AddDays(-_random.Next(185, 240));
            var account = writer.Has("account") ? await writer.CreateAsync("account", owner, at, new()
            {
                ["name"] = name, ["industry"] = industry, ["city"] = city, ["owner"] = owner.Id,
                ["phone"] = $"0{_random.Next(10, 999)}-{_random.Next(6000_0000, 8999_9999)}",
                ["website"] = i % 3 == 0 ? null : $"https://www.company{i + 1:00}.cn",
                ["employees"] = _random.Next(5, 400) * 10,
                ["annual_revenue"] = _random.Next(2, 500) * 1_000_000m,
            }) : null;
            if (account is null) continue;
            _accounts.Add((account, owner, name));
            _contacts[account.Id] = [];
            for (var c = 0; c < 1 + _random.Next(2); c++)
            {
                var last = DemoNames.LastNames[_random.Next(DemoNames.LastNames.Length)];
                var first = DemoNames.FirstNames[_random.Next(DemoNames.FirstNames.Length)];
                var title = DemoNames.Titles[_random.Next(DemoNames.Titles.Length)];
                var contact = writer.Has("contact") ? await writer.CreateAsync("contact", owner, at.AddDays(1 + c), new()
                {
                    ["last_name"] = last, ["first_name"] = first, ["title"] = title, ["account"] = account.Id.ToString(),
                    ["email"] = $"contact{i + 1:00}{c + 1}@company{i + 1:00}.cn",
                    ["phone"] = $"13{_random.Next(0, 10)}{_random.Next(1000_0000, 9999_9999)}",
                    ["is_decision_maker"] = c == 0,
                }) : null;
                if (contact is not null) _contacts[account.Id].Add((contact, last + first, title));
            }
        }
    }

    private async Task<bool> CreateDealAsync(int index)
    {
        var (account, _, company) = _accounts[_random.Next(_accounts.Count)];
        var owner = PickOwner();
        var contact = _contacts[account.Id].Count > 0 ? _contacts[account.Id][_random.Next(_contacts[account.Id].Count)] : default;

        // Where this deal ends up: open stages, won, or lost after some open stage.
        var roll = _random.Next(100);
        var lostAfter = roll >= 80 ? _random.Next(OpenPath.Length) : -1;
        var reached = roll switch { < 18 => 0, < 32 => 1, < 46 => 2, < 62 => 3, < 80 => 4, _ => lostAfter };
        var path = OpenPath.Take(Math.Min(reached, 3) + 1).ToList();
        if (reached == 4) path.Add("won");
        if (lostAfter >= 0) path.Add("lost");

        var moves = path.Count - 1;
        var created = now.AddDays(-_random.Next(Math.Min(170, 6 + 14 * moves), 180)).AddHours(-_random.Next(0, 10));
        var latest = now.AddHours(-6);
        var times = Enumerable.Range(0, moves).Select(_ => created + (latest - created) * (0.05 + 0.95 * _random.NextDouble()))
            .Order().ToArray();

        var amount = Math.Round((decimal)(20_000 + Math.Pow(_random.NextDouble(), 2.2) * 2_400_000) / 1000m) * 1000m;
        var year = created.AddDays(90).Year;
        var deal = await writer.CreateAsync("deal", owner, created, new()
        {
            ["name"] = $"{ShortName(company)}-{DemoNames.Products[_random.Next(DemoNames.Products.Length)]}-{year}",
            ["account"] = account.Id.ToString(),
            ["contact"] = contact.Contact?.Id.ToString(),
            ["owner"] = owner.Id,
            ["source"] = DemoNames.Sources[_random.Next(DemoNames.Sources.Length)],
            ["amount"] = amount,
            ["discount"] = _random.Next(3) == 0 ? null : _random.Next(0, 7) * 5m,
            ["close_date"] = DateOnly.FromDateTime(created.AddDays(_random.Next(45, 160))),
        });
        if (deal is null) return false;

        for (var m = 0; m < moves && deal is not null; m++)
        {
            var from = path[m];
            var to = path[m + 1];
            var at = times[m];
            if (to == "won")
            {
                // Finance confirms the payment first; the rep then closes the deal.
                deal = await writer.UpdateAsync(deal, team.Finance, at.AddHours(-3), new() { ["payment_confirmed"] = true });
                if (deal is null) break;
            }
            deal = await writer.MoveAsync(deal, owner, at, to, to == "lost" ? LostValues() : ExitValues(from, to, at, contact));
        }
        return deal is not null;
    }

    /// <summary>What a rep fills in to leave <paramref name="from"/> (and to enter won).</summary>
    private Dictionary<string, object?> ExitValues(string from, string to, DateTime at, (StoredRecord? Contact, string Name, string Title) contact)
    {
        var values = new Dictionary<string, object?>();
        switch (from)
        {
            case "lead":
                values["first_contact_at"] = at.AddHours(-_random.Next(2, 48));
                values["icp_fit"] = true;
                break;
            case "mql":
                values["need_confirmed"] = true;
                values["willing_to_talk"] = true;
                break;
            case "sql":
                values["budget_confirmed"] = true;
                values["decision_maker"] = contact.Contact is null ? "王总（总经理）" : $"{contact.Name}（{contact.Title}）";
                values["timeline"] = DemoNames.Timelines[_random.Next(DemoNames.Timelines.Length)];
                values["demo_scheduled_at"] = at.AddDays(_random.Next(2, 10));
                break;
            case "opportunity":
                values["demo_done"] = true;
                values["decision_maker_feedback"] = "positive";
                break;
        }
        if (to == "won") values["contract_signed"] = true;
        return values;
    }

    private Dictionary<string, object?> LostValues()
    {
        var reason = DemoNames.LostReasons[_random.Next(DemoNames.LostReasons.Length)];
        return new()
        {
            ["lost_reason"] = reason,
            ["lost_detail"] = reason == "other" ? "客户内部组织架构调整，项目暂停。" : null,
        };
    }

    /// <summary>华锐精密制造有限公司 → 华锐精密: the short name Chinese deal names use.</summary>
    private static string ShortName(string company) => company.Length > 4 ? company[..4] : company;
}
