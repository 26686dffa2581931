using System.Text.Json;
using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;

namespace Cairn.Tests.Cli;

/// <summary><c>cairn sessions archive|unarchive|delete|restore|purge</c> and <c>list --archived|--trashed</c> against a real gateway.</summary>
public sealed class SessionsLifecycleCliTests
{
    [Fact]
    public async Task ArchiveUnarchive_AndTheArchivedList()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Old Work"));

        var archive = await CairnCli.RunAsync(gateway, "sessions", "archive", "old-work");
        var listed = await CairnCli.RunAsync(gateway, "sessions", "list", "--archived", "--json");
        var plain = await CairnCli.RunAsync(gateway, "sessions", "list", "--archived");
        var unarchive = await CairnCli.RunAsync(gateway, "sessions", "unarchive", "old-work");
        var again = await CairnCli.RunAsync(gateway, "sessions", "unarchive", "old-work");
        var both = await CairnCli.RunAsync(gateway, "sessions", "list", "--archived", "--trashed");

        Assert.Equal((0, "Archived 'Old Work' (old-work): it keeps everything and takes no new messages. Bring it back with: cairn sessions unarchive old-work\n"),
            (archive.Code, archive.Stdout));
        var result = JsonSerializer.Deserialize<SessionsListResult>(listed.Stdout, ProtocolJson.Options)!;
        Assert.Equal(("old-work", true, 1), (result.Sessions.Single().Key, result.Sessions.Single().Archived, result.Total));
        Assert.EndsWith("1 of 1 archived sessions.\n", plain.Stdout, StringComparison.Ordinal);
        Assert.Equal("Unarchived 'Old Work' (old-work): it is back in the list.\n", unarchive.Stdout);
        Assert.Equal(1, again.Code);
        Assert.Equal("error CONFLICT: 'Old Work' is not archived.\n", again.Stderr);
        Assert.Equal(1, both.Code);
        Assert.Contains("--archived and --trashed cannot be used together.", both.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_GoesToTheTrash_RestoreBringsItBack_PurgeNeedsConfirmation()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Drafts"));
        await gateway.SendAsync("drafts", "a draft");

        var delete = await CairnCli.RunAsync(gateway, "sessions", "delete", "drafts");
        var trash = await CairnCli.RunAsync(gateway, "sessions", "list", "--trashed");
        var restore = await CairnCli.RunAsync(gateway, "sessions", "restore", "drafts");
        await CairnCli.RunAsync(gateway, "sessions", "delete", "drafts");
        var unconfirmed = await CairnCli.RunAsync(gateway, "sessions", "purge", "drafts");
        var stillThere = gateway.Service<SessionStore>().GetAny("drafts");
        var purge = await CairnCli.RunAsync(gateway, "sessions", "purge", "drafts", "--yes");
        var purgeAgain = await CairnCli.RunAsync(gateway, "sessions", "purge", "drafts", "--yes");

        Assert.Equal(0, delete.Code);
        Assert.StartsWith("Moved 'Drafts' (drafts) to the trash with its 2 messages.\nRestore it with: cairn sessions restore drafts (until ", delete.Stdout, StringComparison.Ordinal);
        Assert.Contains("drafts", trash.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("1 of 1 sessions in the trash.\n", trash.Stdout, StringComparison.Ordinal);
        Assert.Equal("Restored 'Drafts' (drafts) from the trash with its 2 messages.\n", restore.Stdout);
        Assert.Equal((1, "error INVALID_REQUEST: Not purging 'drafts' without confirmation: pass --yes.\n"), (unconfirmed.Code, unconfirmed.Stderr));
        Assert.NotNull(stillThere);
        Assert.Equal((0, "Purged drafts: it and its messages are gone for good.\n"), (purge.Code, purge.Stdout));
        Assert.Null(gateway.Service<SessionStore>().GetAny("drafts"));
        Assert.Equal((1, "error NOT_FOUND: No session 'drafts'.\n"), (purgeAgain.Code, purgeAgain.Stderr));
    }

    [Fact]
    public async Task ExportAll_IncludesArchivedSessions_ButNotTheTrash()
    {
        await using var gateway = await TestGateway.StartAsync();
        await gateway.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Shelved"));
        await gateway.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Binned"));
        await gateway.CallAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("shelved"));
        await gateway.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("binned"));

        var export = await CairnCli.RunAsync(gateway, "export", "--all");

        var documents = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<SessionExport>(line, ProtocolJson.Options)!).ToList();
        Assert.Equal(["main", "shelved"], documents.Select(d => d.Session.Key).Order(StringComparer.Ordinal));
        Assert.NotNull(documents.Single(d => d.Session.Key == "shelved").Session.ArchivedAt);
    }
}
