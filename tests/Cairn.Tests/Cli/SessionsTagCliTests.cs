using System.Text.Json;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Cli;

/// <summary><c>cairn sessions tag|tags|pin|unpin</c> and <c>list --tag</c> against a real gateway.</summary>
public sealed class SessionsTagCliTests
{
    [Fact]
    public async Task Tag_AddRemove_AndListByTag_WithATagsColumn()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));
        await gateway.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Home"));

        var add = await CairnCli.RunAsync(gateway, "sessions", "tag", "work", "add", "Project X");
        await CairnCli.RunAsync(gateway, "sessions", "tag", "work", "add", "office");
        await CairnCli.RunAsync(gateway, "sessions", "tag", "home", "add", "office");
        var show = await CairnCli.RunAsync(gateway, "sessions", "tag", "work");
        var both = await CairnCli.RunAsync(gateway, "sessions", "list", "--tag", "office", "--tag", "project-x", "--json");
        var table = await CairnCli.RunAsync(gateway, "sessions", "list", "--tag", "office");
        var remove = await CairnCli.RunAsync(gateway, "sessions", "tag", "work", "remove", "project x");
        var bad = await CairnCli.RunAsync(gateway, "sessions", "tag", "work", "add", "a/b");
        var tags = await CairnCli.RunAsync(gateway, "sessions", "tags");

        Assert.Equal((0, "'Work' (work) has tags: project-x.\n"), (add.Code, add.Stdout));
        Assert.Equal("'Work' (work) has tags: office, project-x.\n", show.Stdout);
        var listed = JsonSerializer.Deserialize<SessionsListResult>(both.Stdout, ProtocolJson.Options)!;
        Assert.Equal(["work"], listed.Sessions.Select(s => s.Key));
        var lines = table.Stdout.TrimEnd('\n').Split('\n');
        Assert.Matches("^KEY +LABEL .* TAGS$", lines[0]);
        Assert.Matches("^home +Home .* office$", lines[1]);
        Assert.Matches("^work +Work .* office,project-x$", lines[2]);
        Assert.Equal("'Work' (work) has tags: office.\n", remove.Stdout);
        Assert.Equal(1, bad.Code);
        Assert.Contains("'a/b' is not a valid tag", bad.Stderr, StringComparison.Ordinal);
        Assert.Matches("(?m)^office +2$", tags.Stdout);
    }

    [Fact]
    public async Task PinUnpin_AndThePinnedLabel()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));

        var pin = await CairnCli.RunAsync(gateway, "sessions", "pin", "main");
        var list = await CairnCli.RunAsync(gateway, "sessions", "list");
        var unpin = await CairnCli.RunAsync(gateway, "sessions", "unpin", "main");

        Assert.Equal((0, "Pinned 'Main' (main): it comes first in the list.\n"), (pin.Code, pin.Stdout));
        Assert.StartsWith("main  Main (pinned)", list.Stdout.Split('\n')[1], StringComparison.Ordinal);
        Assert.Equal("Unpinned 'Main' (main).\n", unpin.Stdout);
    }
}
