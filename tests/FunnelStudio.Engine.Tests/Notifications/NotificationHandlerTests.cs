using FunnelStudio.Access;
using FunnelStudio.Notifications;
using FunnelStudio.Outbox;

namespace FunnelStudio.Engine.Tests.Notifications;

public sealed class NotificationHandlerTests
{
    private static OutboxItem Item(long id, NotificationRequest request) =>
        new(id, NotificationRequest.Kind, request.ToMessage().Payload, OutboxStatus.Pending) { Attempts = 1 };

    private static NotificationRequest Closed(Guid record, params string[] to) => new("closed", "stage.changed", to)
    {
        Object = "opportunity", RecordId = record, Link = $"/o/opportunity/{record}",
        Values = new Dictionary<string, string?> { ["stage.to_label"] = "Closed <won>" },
    };

    private static string Body(NotificationKit kit, string user) => Assert.Single(kit.Inbox.Rows, r => r.UserId == user).Body;

    [Fact]
    public async Task Handle_StoresOneInAppNotificationPerActiveRecipient_AndNoneTwiceWhenDeliveredAgain()
    {
        var kit = new NotificationKit();
        var record = await kit.CreateAsync(NotificationKit.Chief, new { title = "Acme", seller = "a1", margin = 12 });
        var handler = kit.Handler();
        var item = Item(41, Closed(record.Id, "boss", "aud", "gone", "nobody", "boss"));

        await handler.HandleAsync(item, CancellationToken.None);
        await handler.HandleAsync(item with { Attempts = 2 }, CancellationToken.None);

        Assert.Equal(["boss", "aud"], kit.Inbox.Rows.Select(r => r.UserId));
        var boss = kit.Inbox.Rows[0];
        Assert.Equal("closed: Opportunity Acme for Bea Boss", boss.Title);
        Assert.Equal(("stage.changed", 41L, record.Id, $"/o/opportunity/{record.Id}"), (boss.Event, boss.OutboxId, boss.RecordId, boss.Link));
        Assert.Contains("<p>stage.to_label=Closed &lt;won&gt;</p>", boss.Body);
        Assert.Contains($"link=https://crm.example.com/o/opportunity/{record.Id}", boss.Body);
    }

    [Fact]
    public async Task HiddenField_IsNotRenderedForARecipientWhoCannotSeeIt_AndAnOutsiderGetsNoRecordValues()
    {
        var kit = new NotificationKit();
        var record = await kit.CreateAsync(NotificationKit.Chief, new { title = "Secret margin", seller = "a1", margin = 37, value = 5000 });

        await kit.Handler().HandleAsync(Item(7, Closed(record.Id, "a1", "boss", "aud")), CancellationToken.None);

        // The agent owns the record but the margin is hidden from agents.
        Assert.Contains("<li>title=Secret margin</li>", Body(kit, "a1"));
        Assert.Contains("<li>value=5000</li>", Body(kit, "a1"));
        Assert.DoesNotContain("margin=", Body(kit, "a1"));
        // The lead reads the team's records, every field.
        Assert.Contains("<li>margin=37</li>", Body(kit, "boss"));
        // The auditor cannot read opportunities at all: told, without a single value.
        Assert.Equal("<ul></ul>", Body(kit, "aud").Split('\n')[0][..9]);
        Assert.DoesNotContain("Secret", Body(kit, "aud"));
        Assert.All(kit.Renderer.Rendered.Where(r => ((IReadOnlyDictionary<string, object?>)r.Model["recipient"]!)["id"] as string == "aud"),
            r => Assert.Empty((IReadOnlyDictionary<string, object?>)r.Model["record"]!));
    }

    [Fact]
    public async Task Channels_GetOneDeliveryPerRecipientTheyReach_OnlyWithTheFirstDelivery()
    {
        var kit = new NotificationKit();
        var record = await kit.CreateAsync(NotificationKit.Agent, new { title = "Mail me", seller = "a1" });
        var email = new FunnelStudio.Notifications.Email.EmailChannel(new FunnelStudio.Notifications.Email.EmailOptions { Host = "smtp.example.com", From = "crm@example.com" });
        var handler = kit.Handler(email);
        var item = Item(9, Closed(record.Id, "a1", "a2", "aud"));

        await handler.HandleAsync(item, CancellationToken.None);
        await handler.HandleAsync(item, CancellationToken.None);

        // a2 has no email address: in-app only.
        var deliveries = kit.Inbox.FollowUps.Select(m => ChannelDelivery.FromPayload(m.Payload)!).ToList();
        Assert.Equal([("email", "a1", "ann@example.com"), ("email", "aud", "aud@example.com")], deliveries.Select(d => (d.Channel, d.UserId, d.Address)));
        Assert.All(kit.Inbox.FollowUps, m => Assert.Equal(ChannelDelivery.Kind, m.Kind));
        Assert.Equal("closed: Opportunity Mail me for Ann Agent", deliveries[0].Title);
    }

    [Fact]
    public async Task TemplateError_Throws_SoTheMessageIsRetried_AndStoresNothing()
    {
        var kit = new NotificationKit();
        kit.Renderer.Error = "line 1, column 4: unexpected token";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => kit.Handler().HandleAsync(Item(3, Closed(Guid.NewGuid(), "boss")), CancellationToken.None));

        Assert.Contains("unexpected token", error.Message);
        Assert.Empty(kit.Inbox.Rows);
    }

    [Fact]
    public void EmailChannel_ReachesOnlyActiveUsersWithAnAddress_AndOnlyWhenAHostIsSet()
    {
        var on = new FunnelStudio.Notifications.Email.EmailChannel(new() { Host = "smtp.example.com", From = "crm@example.com" });
        var off = new FunnelStudio.Notifications.Email.EmailChannel(new());
        var user = new DirectoryUser("u", "U", "u@example.com", true, null, []);

        Assert.True(on.Reaches(user));
        Assert.False(on.Reaches(user with { Email = null }));
        Assert.False(on.Reaches(user with { Active = false }));
        Assert.False(off.Reaches(user));
    }

    [Theory]
    [InlineData("Deal &amp; more won\n<p>Body</p>\n", "Deal & more won", "<p>Body</p>")]
    [InlineData("\n\n  Only a title  ", "Only a title", "")]
    public void Split_TakesTheFirstLineAsTheTitle_AndTheRestAsTheBody(string output, string title, string body)
    {
        var rendered = RenderedNotification.Split(output);

        Assert.Equal((title, body), (rendered.Title, rendered.Body));
    }

    [Theory]
    [InlineData("", "", "")]
    [InlineData("https://crm.example.com", "/o/deal/1", "https://crm.example.com/o/deal/1")]
    [InlineData("https://crm.example.com/sub/", "/o/deal/1", "https://crm.example.com/sub/o/deal/1")]
    public void Link_IsMadeAbsoluteWithThePublicUrl(string publicUrl, string path, string expected)
    {
        var options = NotificationOptions.Read(publicUrl);

        Assert.Equal(expected.Length == 0 ? path : expected, options.Absolute(path));
    }

    [Fact]
    public void Options_RefuseAnInvalidPublicUrl_AndInvalidEmailSettings()
    {
        Assert.Throws<InvalidOperationException>(() => NotificationOptions.Read("crm.example.com"));
        var errors = new FunnelStudio.Notifications.Email.EmailOptions { Host = "smtp", Port = 0, From = "not an address", UserName = "u" }.Validate();
        Assert.Equal(3, errors.Count);
        Assert.Empty(new FunnelStudio.Notifications.Email.EmailOptions().Validate());
    }
}
