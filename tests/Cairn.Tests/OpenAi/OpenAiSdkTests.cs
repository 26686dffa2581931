using Cairn.Tests.Support;
using Xunit.Abstractions;

namespace Cairn.Tests.OpenAi;

/// <summary>
/// The official <c>openai</c> npm package (a client nobody here wrote) against a real gateway on loopback:
/// tests/openai-sdk/completions.mjs. Its packages are installed with <c>npm ci</c> on first use.
/// </summary>
public sealed class OpenAiSdkTests(ITestOutputHelper output)
{
    [Fact]
    public async Task OfficialOpenAiSdk_Streams_Completes_KeepsHistory_RunsCommands_AndRaisesErrors()
    {
        var dir = RepoPaths.Of("tests", "openai-sdk");
        if (!File.Exists(Path.Combine(dir, "node_modules", "openai", "package.json")))
        {
            var (installed, log) = await ChildProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], dir);
            Assert.True(installed == 0, $"npm ci in tests/openai-sdk failed:\n{log}");
        }

        await using var gw = await OpenAiClient.StartAsync();
        var (code, text) = await ChildProcess.RunAsync("node", ["completions.mjs"], dir, new Dictionary<string, string>
        {
            ["CAIRN_URL"] = gw.Host.Address.ToString().TrimEnd('/'),
            ["CAIRN_TOKEN"] = gw.Token!,
        }, TimeSpan.FromMinutes(2));
        output.WriteLine(text);

        Assert.True(code == 0, text);
        foreach (var check in new[] { "non-streaming", "streaming", "history", "slash command", "models", "error", "auth" })
        {
            Assert.Contains($"ok {check}:", text, StringComparison.Ordinal);
        }

        Assert.Contains("ok error: NotFoundError status=404 type=invalid_request_error code=model_not_found", text, StringComparison.Ordinal);
        Assert.Contains("openai-sdk: all checks passed", text, StringComparison.Ordinal);
        var stored = await gw.OkAsync("sessions.get", new { key = "sdk-work" });
        Assert.Equal(6, stored.GetProperty("entry").GetProperty("messageCount").GetInt32());
    }
}
