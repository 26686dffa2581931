using System.Text.Json;
using Cairn.Chat;
using Cairn.Commands;
using Cairn.Protocol;
using Cairn.Tests.Cli;
using Cairn.Tests.Commands;
using Cairn.Tests.Support;

namespace Cairn.Tests.Templates;

/// <summary><c>/session new --template</c>, <c>/session templates</c>, and <c>cairn templates …</c> / <c>cairn sessions new --template</c>.</summary>
public sealed class TemplateCommandTests
{
    [Theory]
    [InlineData("Bug hunt --template coding assistant", "Bug hunt", "coding assistant")]
    [InlineData("\"Bug hunt\" --TEMPLATE \"Coding assistant\"", "Bug hunt", "Coding assistant")]
    [InlineData("--template x", "", "x")]
    [InlineData("Bug hunt --template", "Bug hunt", "")]
    [InlineData("Bug --templates x", "Bug --templates x", null)]
    [InlineData("Plain name", "Plain name", null)]
    public void SplitTemplate_FindsTheOption(string args, string name, string? template) =>
        Assert.Equal((name, template), TemplateCommands.SplitTemplate(args));

    [Fact]
    public async Task SessionNew_WithTemplate_CopiesIt_SwitchesAndSendsTheFirstMessage()
    {
        await using var gateway = await TestGateway.StartAsync();

        var reply = await gateway.RunAsync("/session new \"Today\" --template daily journal", peer: "cli:alice");
        if (gateway.Service<ChatRuns>().Active("today") is { } run)
        {
            await run.Completion.WaitAsync(GatewayChat.SendCap);
        }

        Assert.Equal("Created 'Today' (key today, persistent) from template daily-journal and switched to it. Its first message was sent; the reply is on its way.",
            reply.Reply);
        Assert.Equal(new CommandAction(SessionCommands.SwitchAction, "today"), reply.Action);
        Assert.Equal("today", gateway.ActiveKey("cli:alice"));
        var session = gateway.Session("today")!;
        Assert.Equal(["journal", "personal"], session.Tags);
        Assert.StartsWith("You are a thoughtful journaling companion.", session.SystemPrompt, StringComparison.Ordinal);
        Assert.Equal([MessageRoles.User, MessageRoles.Assistant], (await gateway.AllRowsAsync("today")).Select(r => r.Role));
    }

    [Fact]
    public async Task SessionNew_UnknownTemplateOrMissingValue_IsExplained_AndCreatesNothing()
    {
        await using var gateway = await TestGateway.StartAsync();

        var unknown = await gateway.RunAsync("/session new X --template nope");
        var missing = await gateway.RunAsync("/session new X --template");

        Assert.Equal("No template 'nope'. See /session templates.", unknown.Reply);
        Assert.StartsWith("Usage: /session new <name> [--template <t>]", missing.Reply, StringComparison.Ordinal);
        Assert.Null(gateway.Session("x"));
    }

    [Fact]
    public async Task SessionTemplates_ListsAndShows()
    {
        await using var gateway = await TestGateway.StartAsync();

        var list = await gateway.RunAsync("/session templates");
        var show = await gateway.RunAsync("/session templates writing EDITOR");
        var unknown = await gateway.RunAsync("/session templates nope");

        Assert.Contains("\n  Coding assistant (coding-assistant): ", list.Reply, StringComparison.Ordinal);
        Assert.Contains("\n  Daily journal (daily-journal): ", list.Reply, StringComparison.Ordinal);
        Assert.StartsWith("Writing editor (writing-editor, built-in)\n", show.Reply, StringComparison.Ordinal);
        Assert.Contains("\n  Tags: writing\n", show.Reply, StringComparison.Ordinal);
        Assert.Contains("\n  Model: the default\n", show.Reply, StringComparison.Ordinal);
        Assert.Equal("No template 'nope'. See /session templates.", unknown.Reply);
    }

    [Fact]
    public async Task Cli_CreateListShowEditDelete_AndSessionsNewFromTemplate()
    {
        await using var gateway = await TestGateway.StartAsync();

        var create = await CairnCli.RunAsync(gateway, "templates", "create", "Bug triage", "--system-prompt", "Sort bugs.", "--tag", "Work", "--tag", "bugs",
            "--persistent", "no", "--description", "Incoming bugs");
        var table = await CairnCli.RunAsync(gateway, "templates", "list");
        var json = await CairnCli.RunAsync(gateway, "templates", "show", "bug-triage", "--json");
        var session = await CairnCli.RunAsync(gateway, "sessions", "new", "Monday bugs", "--template", "bug triage");
        var edit = await CairnCli.RunAsync(gateway, "templates", "edit", "bug-triage", "--rename", "Triage", "--description", "", "--tag", "later");
        var show = await CairnCli.RunAsync(gateway, "templates", "show", "triage");
        var delete = await CairnCli.RunAsync(gateway, "templates", "delete", "Triage");
        var gone = await CairnCli.RunAsync(gateway, "templates", "show", "triage");

        Assert.Equal((0, "Created template 'Bug triage' (bug-triage).\n"), (create.Code, create.Stdout));
        var lines = table.Stdout.TrimEnd('\n').Split('\n');
        Assert.Matches("^KEY +NAME +MODEL +PERSISTENT +TAGS +DESCRIPTION$", lines[0]);
        Assert.Matches("^bug-triage +Bug triage +default +no +bugs, work +Incoming bugs$", lines[1]);
        Assert.Equal(5, lines.Length);
        var got = JsonSerializer.Deserialize<TemplateEntryResult>(json.Stdout, ProtocolJson.Options)!.Template;
        Assert.Equal(("Sort bugs.", (bool?)false), (got.SystemPrompt, got.Persistent));
        Assert.Equal("Created 'Monday bugs' (monday-bugs), temporary, from template bug-triage.\n", session.Stdout);
        Assert.Equal(["bugs", "work"], gateway.Session("monday-bugs")!.Tags);
        Assert.False(gateway.Session("monday-bugs")!.Persistent);
        Assert.Equal("Updated template 'Triage' (bug-triage), now at rev 2.\n", edit.Stdout);
        Assert.Contains("  Description:   none\n", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("  Tags:          later\n", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("  System prompt: Sort bugs.\n", show.Stdout, StringComparison.Ordinal);
        Assert.Equal("Deleted template 'Triage' (bug-triage).\n", delete.Stdout);
        Assert.Equal(1, gone.Code);
        Assert.Contains("No template 'triage'.", gone.Stderr, StringComparison.Ordinal);
        Assert.Equal("Sort bugs.", gateway.Session("monday-bugs")!.SystemPrompt);
    }

    [Fact]
    public async Task Cli_CreateWithUnknownModel_FailsWithTheConfiguredNames()
    {
        await using var gateway = await TestGateway.StartAsync();

        var result = await CairnCli.RunAsync(gateway, "templates", "create", "Big", "--model", "gpt-9");

        Assert.Equal(1, result.Code);
        Assert.Contains("No model is named 'gpt-9'. Configured: echo", result.Stderr, StringComparison.Ordinal);
    }
}
