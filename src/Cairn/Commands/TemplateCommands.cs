using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Cairn.Protocol;
using Cairn.Templates;

namespace Cairn.Commands;

/// <summary><c>/session templates [name]</c>, and the <c>--template</c> option of <c>/session new</c>.</summary>
public sealed partial class TemplateCommands(TemplateService templates)
{
    /// <summary>
    /// "Bug hunt --template coding assistant" → ("Bug hunt", "coding assistant"); the name and the template may be quoted.
    /// Without the option the template is null; with the option and nothing after it, empty (a usage error).
    /// </summary>
    public static (string Name, string? Template) SplitTemplate(string args)
    {
        var option = TemplateOption().Match(args);
        return option.Success
            ? (CommandText.Unquote(args[..option.Index]), CommandText.Unquote(args[(option.Index + option.Length)..]))
            : (CommandText.Unquote(args), null);
    }

    [GeneratedRegex(@"(?:^|\s)--template(?=\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex TemplateOption();

    public CommandReply Show(CommandCall call)
    {
        var name = CommandText.Unquote(call.Args);
        if (name.Length == 0)
        {
            var all = templates.List().Value!.Templates;
            if (all.Count == 0)
            {
                return call.Reply("There are no templates. Make one with cairn templates create, or in the web UI's Templates view.");
            }

            var text = new StringBuilder("Templates (use one with /session new <name> --template <template>):");
            foreach (var t in all)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n  {t.Name} ({t.Key}){(t.Description is { } d ? $": {d}" : "")}");
            }

            return call.Reply(text.ToString());
        }

        var found = templates.Get(name);
        if (found.Error is { } error)
        {
            return call.Reply(error.Message + " See /session templates.");
        }

        var template = found.Value!.Template;
        var lines = new StringBuilder($"{template.Name} ({template.Key}{(template.BuiltIn ? ", built-in" : "")})");
        Line(lines, "Description", template.Description);
        Line(lines, "Model", template.Model ?? "the default");
        Line(lines, "Persistent", template.Persistent is { } p ? (p ? "yes" : "no") : "the default (yes)");
        Line(lines, "Tags", template.Tags.Count == 0 ? "none" : string.Join(", ", template.Tags));
        Line(lines, "System prompt", template.SystemPrompt ?? "none");
        Line(lines, "First message", template.FirstMessage ?? "none");
        return call.Reply(lines.ToString());
    }

    private static void Line(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {name}: {value}");
        }
    }
}
