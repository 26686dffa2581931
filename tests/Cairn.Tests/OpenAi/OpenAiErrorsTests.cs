using System.Text.Json;
using Cairn.Config;
using Cairn.Tests.Support;
using Npgsql;

namespace Cairn.Tests.OpenAi;

/// <summary>Every bad request gets OpenAI's error shape and a documented code; the endpoint is off by default.</summary>
public sealed class OpenAiErrorsTests
{
    [Theory]
    [InlineData("[]", "invalid_request", null)]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "invalid_request", "model")]
    [InlineData("{\"model\":\"cairn\",\"messages\":[]}", "invalid_request", "messages")]
    [InlineData("{\"model\":\"cairn\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"yo\"}]}", "invalid_request", "messages[1].role")]
    [InlineData("{\"model\":\"cairn\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}]}", "invalid_request", "messages[0].content")]
    [InlineData("{\"model\":\"cairn\",\"messages\":[{\"role\":\"user\",\"content\":42}]}", "invalid_request", "messages[0].content")]
    [InlineData("{\"model\":\"cairn\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "invalid_request", "n")]
    [InlineData("{\"model\":\"cairn\",\"messages\":[{\"role\":\"user\",\"content\":\"   \"}]}", "invalid_request", "messages")]
    [InlineData("{\"model\":\"cairn:Not A Key\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model_not_found", "model")]
    [InlineData("{not json", "invalid_request", null)]
    public async Task BadBodies_Are400Or404_InOpenAisShape(string body, string code, string? param)
    {
        await using var gw = await OpenAiClient.StartAsync();

        var (status, text, _) = await OpenAiClient.PostRawAsync(gw, body);

        Assert.Equal(code == "model_not_found" ? 404 : 400, status);
        var error = OpenAiClient.Error(JsonDocument.Parse(text).RootElement);
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").ValueKind == JsonValueKind.Null ? null : error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task ATextTheStoreCannotKeep_Is400_NeverA500()
    {
        // PostgreSQL cannot store U+0000 in text (SQLite keeps it): there the store refuses the value, and the endpoint
        // answers as /api does (INVALID_REQUEST), not with a 500.
        await using var gw = await OpenAiClient.StartAsync();

        var (status, text, _) = await OpenAiClient.PostRawAsync(gw, """{"model":"cairn","messages":[{"role":"user","content":"a\u0000b"}]}""");

        if (TestStore.IsPostgres)
        {
            Assert.Equal(400, status);
            var error = OpenAiClient.Error(JsonDocument.Parse(text).RootElement);
            Assert.Equal("invalid_request", error.GetProperty("code").GetString());
            Assert.Equal("messages", error.GetProperty("param").GetString());
        }
        else
        {
            Assert.Equal(200, status);
        }
    }

    [Fact]
    public async Task StoreUnreachable_Is503Unavailable_NeverA500_AndTheNextRequestWorksOnceItIsBack()
    {
        // A store that can go away under a running gateway: a PostgreSQL database (on either pass), made unreachable as
        // when its server is replaced (connections cut, the name gone).
        var connection = TestStore.CreateDatabase();
        var name = new NpgsqlConnectionStringBuilder(connection).Database!;
        try
        {
            await using var gw = await TestGateway.StartAsync(c => c with
            {
                Gateway = c.Gateway with { OpenAi = new OpenAiConfig(true) },
                Store = c.Store with { Provider = StoreConfig.Postgres, ConnectionString = connection },
            });
            Assert.Equal(200, (await OpenAiClient.PostAsync(gw, OpenAiClient.User("before"))).Status);

            TestStore.TakeDatabaseAway(name);
            try
            {
                var (status, text, _) = await OpenAiClient.PostRawAsync(gw, """{"model":"cairn","messages":[{"role":"user","content":"during"}]}""");

                Assert.Equal(503, status);
                var error = OpenAiClient.Error(JsonDocument.Parse(text).RootElement);
                Assert.Equal(("server_error", "unavailable"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
            }
            finally
            {
                TestStore.BringDatabaseBack(name);
            }

            var (after, body, _) = await OpenAiClient.PostAsync(gw, OpenAiClient.User("after"));
            Assert.Equal(200, after);
            Assert.Contains("after", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            TestStore.Release(connection);
        }
    }

    [Fact]
    public async Task WrongKey_Is401InvalidApiKey_AndMissingJsonContentType_Is400()
    {
        await using var gw = await OpenAiClient.StartAsync();

        var (status, text, response) = await OpenAiClient.PostRawAsync(gw, "{}", token: "not-the-token");
        Assert.Equal(401, status);
        Assert.Equal("invalid_api_key", OpenAiClient.Error(JsonDocument.Parse(text).RootElement).GetProperty("code").GetString());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);

        (status, text, _) = await OpenAiClient.PostRawAsync(gw, JsonSerializer.Serialize(OpenAiClient.User("hi")), contentType: "text/plain");
        Assert.Equal(400, status);
        Assert.Contains("application/json", OpenAiClient.Error(JsonDocument.Parse(text).RootElement).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooLargeBody_Is413()
    {
        await using var gw = await OpenAiClient.StartAsync();

        var (status, text, _) = await OpenAiClient.PostRawAsync(gw, JsonSerializer.Serialize(OpenAiClient.User(new string('x', 2 * 1024 * 1024))));

        Assert.Equal(413, status);
        Assert.Equal("payload_too_large", OpenAiClient.Error(JsonDocument.Parse(text).RootElement).GetProperty("code").GetString());
    }

    [Fact]
    public async Task CreatingWithTheFeatureOff_Is403FeatureDisabled()
    {
        await using var gw = await TestGateway.StartAsync(c => c with
        {
            Gateway = c.Gateway with { OpenAi = new Cairn.Config.OpenAiConfig(true) },
            Session = c.Session with { NamedSessionsEnabled = false },
        });

        var (status, body, _) = await OpenAiClient.PostAsync(gw, OpenAiClient.User("hi", "cairn:new-one"), new Dictionary<string, string> { ["X-Cairn-Create"] = "true" });

        Assert.Equal(403, status);
        var error = OpenAiClient.Error(body);
        Assert.Equal("feature_disabled", error.GetProperty("code").GetString());
        Assert.Equal("permission_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Off_ByDefault_EveryV1PathIs404_SayingHowToTurnItOn()
    {
        await using var gw = await OpenAiClient.StartAsync(enabled: false);

        var (status, text, _) = await OpenAiClient.PostRawAsync(gw, JsonSerializer.Serialize(OpenAiClient.User("hi")));
        Assert.Equal(404, status);
        Assert.Contains("gateway.openai.enabled", OpenAiClient.Error(JsonDocument.Parse(text).RootElement).GetProperty("message").GetString(), StringComparison.Ordinal);

        var (modelsStatus, _) = await OpenAiClient.GetAsync(gw, "/v1/models");
        Assert.Equal(404, modelsStatus);
    }

    [Fact]
    public async Task Models_ListsCairnAndEverySession_AndRetrievesOne()
    {
        await using var gw = await OpenAiClient.StartAsync();
        await gw.OkAsync("sessions.create", new { label = "Work" });

        var (status, list) = await OpenAiClient.GetAsync(gw, "/v1/models");
        Assert.Equal(200, status);
        Assert.Equal("list", list.GetProperty("object").GetString());
        Assert.Equal(["cairn", "cairn:main", "cairn:work"], list.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).Order());
        Assert.All(list.GetProperty("data").EnumerateArray(), m => Assert.Equal("model", m.GetProperty("object").GetString()));

        var (one, model) = await OpenAiClient.GetAsync(gw, "/v1/models/cairn:work");
        Assert.Equal(200, one);
        Assert.Equal("cairn:work", model.GetProperty("id").GetString());

        var (missing, error) = await OpenAiClient.GetAsync(gw, "/v1/models/cairn:nope");
        Assert.Equal(404, missing);
        Assert.Equal("model_not_found", OpenAiClient.Error(error).GetProperty("code").GetString());

        var (unknownPath, notFound) = await OpenAiClient.GetAsync(gw, "/v1/embeddings");
        Assert.Equal(404, unknownPath);
        Assert.Equal("not_found", OpenAiClient.Error(notFound).GetProperty("code").GetString());

        var (noKey, _) = await OpenAiClient.GetAsync(gw, "/v1/models", token: "wrong");
        Assert.Equal(401, noKey);
    }
}
