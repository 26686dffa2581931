using System.CommandLine;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>
/// <c>cairn templates list|show|create|edit|delete</c>: the session templates of a running gateway, as a table or, with
/// <c>--json</c>, the gateway's own JSON. In <c>edit</c> an empty value clears a field (<c>--model ""</c>: the default model).
/// </summary>
public static class TemplatesCommand
{
    private static readonly string[] Headers = ["KEY", "NAME", "MODEL", "PERSISTENT", "TAGS", "DESCRIPTION"];

    public static Command Build()
    {
        var options = new ClientOptions();
        var templates = options.AddTo(new Command("templates", "List and manage the session templates of a running gateway."));
        templates.Subcommands.Add(List(options));
        templates.Subcommands.Add(Show(options));
        templates.Subcommands.Add(Create(options));
        templates.Subcommands.Add(Edit(options));
        templates.Subcommands.Add(Delete(options));
        return templates;
    }

    private static Argument<string> NameArgument() => new("template") { Description = "The template's key or name (case-insensitive), e.g. coding-assistant." };

    private static Command List(ClientOptions options)
    {
        var command = new Command("list", "List the templates.");
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<TemplatesListResult>(client, "templates.list", new NoParams(), r =>
            {
                if (r.Templates.Count == 0)
                {
                    client.Output.Line("No templates. Make one with: cairn templates create <name> --system-prompt \"…\"");
                    return;
                }

                var rows = r.Templates.Select(t => (IReadOnlyList<string>)[t.Key, t.Name, t.Model ?? "default", Persistent(t.Persistent),
                    string.Join(", ", t.Tags), Shorten(t.Description ?? "")]).ToList();
                foreach (var line in TextTable.Render(Headers, rows, (row, _, text) => row < 0 ? client.Output.Bold(text) : text))
                {
                    client.Output.Line(line);
                }
            }, ct));
        return command;
    }

    private static Command Show(ClientOptions options)
    {
        var name = NameArgument();
        var command = new Command("show", "Show one template in full.") { name };
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<TemplateEntryResult>(client, "templates.get", new TemplateNameParams(result.GetValue(name)!), r => Details(client.Output, r.Template), ct));
        return command;
    }

    private static Command Create(ClientOptions options)
    {
        var name = new Argument<string>("name") { Description = "The template's name (1-64 characters, unique)." };
        var fields = new Fields();
        var command = new Command("create", "Create a template.") { name };
        fields.AddTo(command);
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<TemplateEntryResult>(client, "templates.create", new TemplatesCreateParams(result.GetValue(name)!,
                    Blank(result.GetValue(fields.SystemPrompt)), Blank(result.GetValue(fields.Model)), fields.PersistentValue(result).Value,
                    result.GetValue(fields.Tags), Blank(result.GetValue(fields.Description)), Blank(result.GetValue(fields.FirstMessage))),
                r => client.Output.Line($"Created template '{r.Template.Name}' ({r.Template.Key})."), ct));
        return command;
    }

    private static Command Edit(ClientOptions options)
    {
        var name = NameArgument();
        var rename = new Option<string?>("--rename") { Description = "A new name (the key stays)." };
        var fields = new Fields();
        var command = new Command("edit", "Change a template; sessions made from it earlier do not change.") { name, rename };
        fields.AddTo(command);
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<TemplateEntryResult>(client, "templates.patch", new TemplatesPatchParams(result.GetValue(name)!, result.GetValue(rename),
                    Set(result, fields.SystemPrompt), Set(result, fields.Model), fields.PersistentValue(result),
                    result.GetResult(fields.Tags) is null ? null : result.GetValue(fields.Tags), Set(result, fields.Description), Set(result, fields.FirstMessage)),
                r => client.Output.Line($"Updated template '{r.Template.Name}' ({r.Template.Key}), now at rev {r.Template.Rev}."), ct));
        return command;
    }

    private static Command Delete(ClientOptions options)
    {
        var name = NameArgument();
        var command = new Command("delete", "Delete a template for good (built-ins too); sessions made from it keep their values.") { name };
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<TemplatesDeleteResult>(client, "templates.delete", new TemplateNameParams(result.GetValue(name)!),
                r => client.Output.Line($"Deleted template '{r.Template.Name}' ({r.Key})."), ct));
        return command;
    }

    internal static void Details(CliOutput output, TemplateEntry t)
    {
        output.Line(output.Bold($"{t.Name} ({t.Key}{(t.BuiltIn ? ", built-in" : "")})"));
        output.Line($"  Description:   {t.Description ?? "none"}");
        output.Line($"  Model:         {t.Model ?? "default"}");
        output.Line($"  Persistent:    {Persistent(t.Persistent)}");
        output.Line($"  Tags:          {(t.Tags.Count == 0 ? "none" : string.Join(", ", t.Tags))}");
        output.Line($"  First message: {t.FirstMessage ?? "none"}");
        output.Line($"  System prompt: {t.SystemPrompt ?? "none"}");
    }

    private static string Persistent(bool? persistent) => persistent switch { true => "yes", false => "no", null => "default" };

    private static string Shorten(string text) => text.Length <= 48 ? text : text[..47] + "…";

    private static string? Blank(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>Given: set it (an empty value clears it); not given: leave it.</summary>
    private static Maybe<string?> Set(ParseResult result, Option<string?> option) =>
        result.GetResult(option) is null ? default : new Maybe<string?>(true, Blank(result.GetValue(option)));

    /// <summary>The options create and edit share.</summary>
    private sealed class Fields
    {
        public Option<string?> SystemPrompt { get; } = new("--system-prompt") { Description = "The system prompt sessions start with." };
        public Option<string?> Model { get; } = new("--model") { Description = "A configured model's name (empty: the default model)." };
        public Option<string?> Persistent { get; } = new("--persistent") { Description = "yes, no, or default (sessions are persistent by default)." };
        public Option<string[]?> Tags { get; } = new("--tag") { Description = "A tag; repeat for several (in edit, replaces the set).", AllowMultipleArgumentsPerToken = false };
        public Option<string?> Description { get; } = new("--description") { Description = "What the template is for (up to 500 characters)." };
        public Option<string?> FirstMessage { get; } = new("--first-message") { Description = "Sent as each new session's first message." };

        public Fields() => Persistent.AcceptOnlyFromAmong("yes", "no", "default");

        public void AddTo(Command command)
        {
            command.Options.Add(SystemPrompt);
            command.Options.Add(Model);
            command.Options.Add(Persistent);
            command.Options.Add(Tags);
            command.Options.Add(Description);
            command.Options.Add(FirstMessage);
        }

        public Maybe<bool?> PersistentValue(ParseResult result) => result.GetValue(Persistent) switch
        {
            null => default,
            "yes" => new Maybe<bool?>(true, true),
            "no" => new Maybe<bool?>(true, false),
            _ => new Maybe<bool?>(true, null),
        };
    }
}
