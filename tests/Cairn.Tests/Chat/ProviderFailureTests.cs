using System.Text;
using System.Text.Json.Nodes;
using Cairn.Config;
using Cairn.Protocol;
using Cairn.Tests.Observability;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cairn.Tests.Chat;

/// <summary>
/// Issue 14's failures 2–6, each reproduced end to end: a real gateway, the real OpenAI provider, a real loopback
/// server misbehaving as real ones do; driven with <c>chat.send</c> (wait), <c>chat</c> events and <c>chat.history</c>,
/// asserting what the user sees and what is stored. (Failure 1, the context overflow, is <see cref="ContextOverflowTests"/>.)
/// </summary>
public sealed class ProviderFailureTests
{
    private const string ApiKey = "cairn-test-key-7Hq2x9Lw";

    private static Task<TestGateway> StartAsync(FakeOpenAiServer fake, Func<ModelConfig, ModelConfig>? configure = null,
        CapturingLoggerProvider? logs = null) => StartAsync(fake.BaseUrl, configure, logs);

    private static Task<TestGateway> StartAsync(string baseUrl, Func<ModelConfig, ModelConfig>? configure = null, CapturingLoggerProvider? logs = null)
    {
        var model = CairnConfig.Default.Model with
        {
            Provider = "openai", BaseUrl = baseUrl, Name = "fake-model", ApiKey = ApiKey, ContextWindow = 8192,
        };
        return TestGateway.StartAsync(c => c with { Model = configure?.Invoke(model) ?? model },
            services: logs is null ? null : s => s.AddSingleton<ILoggerProvider>(logs));
    }

    // 2. One failed turn used to leave two user messages in a row, which a Mistral-style template refuses for good.
    [Fact]
    public async Task AlternatingTemplate_AfterAFailedTurn_TheNextSendsSucceed()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Answer = body => TwoUserMessagesInARow(body) ? FakeReply.Error(400, FakeReply.AlternationBody) : null;
        await using var gw = await StartAsync(fake, m => m with { MaxRetries = 0 });
        var key = await gw.PersistentSessionAsync();
        Assert.Equal(SendStatus.Final, (await gw.SendAsync(key, "hello")).Status);
        fake.Replies.Enqueue(FakeReply.Error(500, """{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}"""));

        var failed = await gw.SendAsync(key, "what is the capital of France?");
        var next = await gw.SendAsync(key, "and of Italy?");
        var after = await gw.SendAsync(key, "thanks");

        Assert.Equal((SendStatus.Error, "provider_error"), (failed.Status, failed.Reason));
        Assert.Equal(SendStatus.Final, next.Status);
        Assert.Equal(SendStatus.Final, after.Status);
        Assert.DoesNotContain(fake.Requests, TwoUserMessagesInARow);
        Assert.Contains(FakeOpenAiServer.MessagesOf(fake.Requests.ElementAt(2)),
            m => m is ("user", "what is the capital of France?\n\nand of Italy?"));
        Assert.Equal(["user", "assistant", "user", "error", "user", "assistant", "user", "assistant"], (await gw.AllRowsAsync(key)).Select(r => r.Role));
    }

    // 3. HTTP 200 and then `data: {"error": …}` used to end as final with an empty stored reply.
    [Fact]
    public async Task AnErrorInsideA200Stream_EndsTheSendInError_WithTheProvidersMessageAndReason_AndNoEmptyReply()
    {
        const string message = "Invalid prompt: your prompt was flagged as potentially violating our usage policy.";
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Replies.Enqueue(FakeReply.InStreamError($$$"""{"error":{"message":"{{{message}}}","type":"invalid_request_error","code":"invalid_prompt"}}"""));
        await using var gw = await StartAsync(fake);
        await using var ws = await gw.ConnectWsAsync();

        var result = await ws.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hello", "main", Wait: true));
        var evt = await ws.NextEventAsync<ChatEvent>(e => e.RunId == result.RunId && e.State != RunState.Delta);

        Assert.Equal((SendStatus.Error, "bad_request"), (result.Status, result.Reason));
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal((RunState.Error, "bad_request", result.Error), (evt.State, evt.Reason, evt.Text));
        var rows = await gw.AllRowsAsync("main");
        Assert.Equal(["user", "error"], rows.Select(r => r.Role));
        Assert.Equal(("bad_request", result.Error), (rows[1].Reason, rows[1].Text));
        Assert.Single(fake.Requests);
        Assert.Equal(SendStatus.Final, (await gw.SendAsync("main", "again")).Status);
    }

    // 3, as the third-party mock server @dwmkerr/mock-llm sends it: a streamed request whose rule answers 500.
    [Fact]
    public async Task AnErrorInsideA200Stream_FromMockLlm_EndsTheSendInError_WithItsMessage()
    {
        await using var mock = await MockLlmServer.StartAsync();
        await mock.ConfigureAsync("""
            streaming:
              chunkSize: 50
              chunkIntervalMs: 1
            rules:
              - path: /v1/chat/completions
                response:
                  status: 500
                  content: '{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}'
            """);
        await using var gw = await StartAsync(mock.BaseUrl, m => m with { MaxRetries = 0 });

        var result = await gw.SendAsync("main", "hello");

        Assert.Equal((SendStatus.Error, "provider_error"), (result.Status, result.Reason));
        Assert.Contains("The provider said: \"The server had an error while processing your request.\"", result.Error, StringComparison.Ordinal);
        var rows = await gw.AllRowsAsync("main");
        Assert.Equal(["user", "error"], rows.Select(r => r.Role));
        Assert.Equal("provider_error", rows[1].Reason);
    }

    // 4. A server dying mid-reply used to lose what the user had already seen.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AStreamCutMidReply_KeepsThePartialTextAsIncomplete_ThenAnErrorRow(bool connectionReset)
    {
        var chunks = Enumerable.Range(1, 40).Select(i => $"word{i} ").ToArray();
        var sent = string.Concat(chunks[..25]);
        var cut = new TaskCompletionSource();
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Replies.Enqueue(connectionReset
            ? FakeReply.Cut(25, chunks) with { CutWhen = cut.Task }
            : new FakeReply { Chunks = chunks[..25], EndEarly = true });
        await using var gw = await StartAsync(fake);
        await using var ws = await gw.ConnectWsAsync();

        var runId = (await ws.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("tell me a long story", "main"))).RunId;
        var streamed = new StringBuilder();
        ChatEvent evt;
        while ((evt = await ws.NextEventAsync<ChatEvent>(e => e.RunId == runId)).State == RunState.Delta)
        {
            // A reset drops what the gateway's kernel received but had not read: cut only once all of it was shown.
            if (streamed.Append(evt.Text).ToString() == sent)
            {
                cut.TrySetResult();
            }
        }

        Assert.Equal((RunState.Error, "unavailable"), (evt.State, evt.Reason));
        Assert.Equal(sent, streamed.ToString());
        var rows = await gw.AllRowsAsync("main");
        Assert.Equal(["user", "assistant", "error"], rows.Select(r => r.Role));
        Assert.Equal((sent, true), (rows[1].Text, rows[1].Incomplete));
        Assert.Equal(("unavailable", evt.Text), (rows[2].Reason, rows[2].Text));
    }

    // 5a. The SDK's hidden retries used to multiply the timeout (5 s → 20.3 s on a frozen server).
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task AFrozenServer_TimesOutAtTheFirstTokenTimeout_WithOneRequest(int maxRetries)
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Answer = _ => FakeReply.Frozen;
        await using var gw = await StartAsync(fake, m => m with { FirstTokenTimeoutSeconds = 1, MaxRetries = maxRetries });

        var result = await gw.SendAsync("main", "are you there?");

        Assert.True(fake.Requests.Count == 1, $"{fake.Requests.Count} requests");
        Assert.Equal((SendStatus.Error, "timeout"), (result.Status, result.Reason));
        Assert.Contains("no first token within 1 s (model.firstTokenTimeoutSeconds)", result.Error, StringComparison.Ordinal);
    }

    // 5b. model.maxRetries is the only retry count: n retries are n + 1 requests, not (n + 1) × the SDK's.
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task AServerStillLoading_IsAskedMaxRetriesPlusOneTimes(int maxRetries)
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Answer = _ => FakeReply.Error(503, """{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}""");
        await using var gw = await StartAsync(fake, m => m with { MaxRetries = maxRetries });

        var result = await gw.SendAsync("main", "are you there?");

        Assert.Equal((SendStatus.Error, "unavailable"), (result.Status, result.Reason));
        Assert.Contains("\"Loading model\"", result.Error, StringComparison.Ordinal);
        Assert.Equal(maxRetries + 1, fake.Requests.Count);
    }

    // 6. The provider's own message used to be replaced by "The model provider answered HTTP 400."
    [Theory]
    [InlineData(429, """{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""",
        "rate_limited", "You exceeded your current quota, please check your plan and billing details.")]
    [InlineData(404, """{"error":{"message":"The model `fake-model` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}""",
        "bad_request", "The model `fake-model` does not exist or you do not have access to it.")]
    [InlineData(400, """{"error":{"code":400,"message":"\n  'temperature' must be\tbetween 0 and 2  \n","type":"invalid_request_error"}}""",
        "bad_request", "'temperature' must be between 0 and 2")]
    [InlineData(500, """{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}""",
        "provider_error", "The server had an error while processing your request.")]
    public async Task AnHttpError_ReachesTheUser_AsTheProvidersOwnMessage_WithAReason(int status, string body, string reason, string message)
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Replies.Enqueue(FakeReply.Error(status, body));
        await using var gw = await StartAsync(fake, m => m with { MaxRetries = 0 });

        var result = await gw.SendAsync("main", "hello");

        Assert.Equal((SendStatus.Error, reason), (result.Status, result.Reason));
        Assert.Contains($"The provider said: \"{message}\"", result.Error, StringComparison.Ordinal);
        var error = (await gw.AllRowsAsync("main"))[^1];
        Assert.Equal(("error", reason, result.Error), (error.Role, error.Reason, error.Text));
    }

    // 6. An API key the provider quotes back never reaches the user, the transcript or the log.
    [Fact]
    public async Task AnApiKeyInTheProvidersMessage_IsRedacted_InTheResultTheEventTheRowAndTheLog()
    {
        var filler = string.Concat(Enumerable.Repeat("You can find your API key at https://platform.openai.com/account/api-keys.\n  ", 10));
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Replies.Enqueue(FakeReply.Error(401, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = $"\n  Incorrect API key provided: {ApiKey}.  {filler}", ["type"] = "invalid_request_error", ["code"] = "invalid_api_key",
            },
        }.ToJsonString()));
        var logs = new CapturingLoggerProvider();
        await using var gw = await StartAsync(fake, logs: logs);
        await using var ws = await gw.ConnectWsAsync();

        var result = await ws.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hello", "main", Wait: true));
        var evt = await ws.NextEventAsync<ChatEvent>(e => e.RunId == result.RunId && e.State != RunState.Delta);
        var row = (await gw.AllRowsAsync("main"))[^1];

        Assert.Equal((SendStatus.Error, "auth"), (result.Status, result.Reason));
        var error = result.Error ?? "";
        var said = error[(error.IndexOf("The provider said: \"", StringComparison.Ordinal) + 20)..^1];
        Assert.StartsWith("Incorrect API key provided: ***. You can find your API key at https://platform.openai.com/account/api-keys. You can", said, StringComparison.Ordinal);
        Assert.EndsWith("…", said, StringComparison.Ordinal);
        Assert.InRange(said.Length, 400, Cairn.Chat.Providers.SecretRedactor.MaxLength);
        Assert.Equal((RunState.Error, "auth", result.Error), (evt.State, evt.Reason, evt.Text));
        Assert.Equal(("error", "auth", result.Error), (row.Role, row.Reason, row.Text));
        Assert.Contains(logs.Entries, e => e.Message.Contains("the model provider failed", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(ApiKey, StringComparison.Ordinal));
    }

    private static bool TwoUserMessagesInARow(JsonNode body)
    {
        var roles = FakeOpenAiServer.MessagesOf(body).Select(m => m.Role).ToList();
        return roles.Zip(roles.Skip(1)).Any(p => p is ("user", "user"));
    }
}
