using FunnelStudio.Engine.Tests.Saving;
using FunnelStudio.Saving;
using FunnelStudio.Versions.Backtest;
using static FunnelStudio.Engine.Tests.Backtest.DealHistory;

namespace FunnelStudio.Engine.Tests.Backtest;

/// <summary>ValuesAt checked against a record's own history: every save's result is what the timeline gives for its moment.</summary>
public sealed class RecordTimelineTests
{
    private readonly DealHistory _deals = new(new PipelineFixture());

    [Fact]
    public async Task ValuesAt_EverySaveMoment_IsWhatThatSaveStored_AndJustBeforeItIsThePreviousSave()
    {
        var times = Enumerable.Range(0, 6).Select(i => Start.AddDays(i * 3).AddMinutes(i * 7)).ToArray();
        var saves = new List<StoredRecord>
        {
            await _deals.CreateAsync(times[0], new { name = "Timeline", source = "website", amount = 1000 }),
        };
        saves.Add(await _deals.UpdateAsync(saves[^1], times[1], new { amount = 2500, icp_fit = true, first_contact_at = "2026-01-06T10:00:00Z" }));
        // A move that also sets values: the gate saw them, so the timeline must give them at that moment.
        saves.Add(await _deals.UpdateAsync(saves[^1], times[2], new { need_confirmed = true, discount = 10 }, toStage: "mql"));
        saves.Add(await _deals.UpdateAsync(saves[^1], times[3], new { amount = 4000, willing_to_talk = true, decision_maker = "CFO" }));
        saves.Add(await _deals.UpdateAsync(saves[^1], times[4], new { }, toStage: "lead"));
        saves.Add(await _deals.UpdateAsync(saves[^1], times[5], new { name = "Timeline renamed", amount = (decimal?)null, decision_maker = "" }));

        var history = await _deals.ReadAsync(saves[0].Id);

        Assert.Equal(3, history.Moves.Count);
        for (var i = 0; i < saves.Count; i++)
        {
            Assert.Equal(Canonical(saves[i]), Canonical(RecordTimeline.ValuesAt(history, times[i])));
            Assert.Equal(Canonical(saves[i]), Canonical(RecordTimeline.ValuesAt(history, times[i].AddHours(1))));
            if (i > 0) Assert.Equal(Canonical(saves[i - 1]), Canonical(RecordTimeline.ValuesAt(history, times[i], MomentSide.Before)));
        }
    }

    [Fact]
    public async Task ValuesAt_BeforeTheRecordExisted_HasNoStage_AndTheFirstValuesOtherwise()
    {
        var created = await _deals.CreateAsync(Start, new { name = "Early", source = "event", amount = 10 });
        await _deals.UpdateAsync(created, Start.AddDays(1), new { amount = 20 });

        var history = await _deals.ReadAsync(created.Id);
        var before = RecordTimeline.ValuesAt(history, Start, MomentSide.Before);

        Assert.Null(before["stage"]);
        Assert.Equal(10m, before["amount"]);
        Assert.Equal(20m, RecordTimeline.ValuesAt(history, Start.AddDays(2))["amount"]);
    }
}
