using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Cli;

/// <summary><c>cairn chat</c> interrupted with a real SIGINT while a reply streams.</summary>
[Collection(SerialTests.Name)]
public sealed class ChatCliInterruptTests
{
    [Fact]
    public async Task Chat_CtrlC_WhileAReplyStreams_StopsTheRunOnTheGateway()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Hold = true;
        await using var gateway = await TestGateway.StartAsync(c => c with
        {
            Model = c.Model with { Provider = "openai", BaseUrl = fake.BaseUrl, ApiKey = "sk-test" },
        });
        await using var watcher = await gateway.ConnectWsAsync();
        var info = GatewayProcess.CairnCommand("chat", "--session", "main", "--url", gateway.Host.Address.ToString(), "--token", gateway.Token!);
        // As a user's shell starts it: SIGINT handled by default. A test host can pass an ignored SIGINT on to its
        // children (in full runs the CLI never saw the Ctrl+C), so coreutils' env resets it before the CLI starts.
        info.ArgumentList.Insert(0, info.FileName);
        info.ArgumentList.Insert(0, "--default-signal=INT");
        info.FileName = "env";
        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync(); // read, so a full pipe can never hold the process

        await process.StandardInput.WriteLineAsync("tell me a long story");
        await process.StandardInput.FlushAsync();
        await fake.FirstChunkSent.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await watcher.NextEventAsync<ChatEvent>(e => e.State == RunState.Delta);
        using (var interrupt = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        // A safety cap, not a timing claim: in a full parallel run the abort can take longer than one event timeout.
        ChatEvent? end = null;
        for (var wait = 0; wait < 3 && end is null; wait++)
        {
            try
            {
                end = await watcher.NextEventAsync<ChatEvent>(e => e.State != RunState.Delta);
            }
            catch (TimeoutException)
            {
            }
        }

        Assert.NotNull(end);
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(60))) != exited)
        {
            var signals = string.Join(" ", File.ReadLines($"/proc/{process.Id}/status").Where(l => l.StartsWith("Sig", StringComparison.Ordinal)));
            process.Kill();
            Assert.Fail($"cairn chat did not exit within 60 s of Ctrl+C ({signals}); stdout: {await stdout}; stderr: {await stderr}");
        }

        Assert.Equal(RunState.Aborted, end.State);
        Assert.Contains("main> ", await stdout, StringComparison.Ordinal);
        var history = (await gateway.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main"))).Messages;
        Assert.Equal(["tell me a long story", "Hello"], history.Select(m => m.Text));
    }
}
