using System.Text.Json;
using Cairn.Client;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>
/// Where client commands write: results to standard output, errors to standard error as
/// <c>error CODE: message</c>. Colours only when standard output is a terminal and NO_COLOR is not set.
/// </summary>
public sealed class CliOutput(TextWriter stdout, TextWriter stderr, bool color)
{
    public static CliOutput ForConsole() => new(Console.Out, Console.Error,
        !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb");

    public TextWriter Out => stdout;

    public bool Color => color;

    public string Bold(string text) => Paint("1", text);

    public string Dim(string text) => Paint("2", text);

    public string Green(string text) => Paint("32", text);

    public string Yellow(string text) => Paint("33", text);

    public string Red(string text) => Paint("31", text);

    public void Line(string text = "") => stdout.WriteLine(text);

    /// <summary>Prints a result as indented JSON (stable for scripts: the gateway's own field names).</summary>
    public void Json(object value) => stdout.WriteLine(JsonSerializer.Serialize(value, Indented));

    /// <summary>Prints the gateway's error and gives the exit code for it.</summary>
    public int Fail(ProtocolError error) => Fail(error.Code.WireName(), error.Message);

    /// <summary>
    /// Prints that no gateway answered, and how to start one. When the address came from a <c>gateway.url</c> file,
    /// that gateway did not stop cleanly (it removes the file when it does).
    /// </summary>
    public int Fail(GatewayUnreachableException unreachable, string? urlFile = null)
    {
        Fail(ErrorCode.Unavailable.WireName(), $"Cannot reach the gateway at {unreachable.Url} ({unreachable.Reason}). " + (urlFile is null
            ? "Is it running? Start it with 'cairn gateway run', or pass --url."
            : $"That address is from {urlFile}, left by a gateway that did not stop cleanly. Start it again with 'cairn gateway run', or pass --url."));
        return ExitCodes.Unreachable;
    }

    public int Fail(string code, string message)
    {
        stderr.WriteLine($"{Red("error")} {code}: {message}");
        return ExitCodes.Failed;
    }

    private string Paint(string sgr, string text) => color ? $"\e[{sgr}m{text}\e[0m" : text;

    private static readonly JsonSerializerOptions Indented = new(ProtocolJson.Options) { WriteIndented = true };
}
