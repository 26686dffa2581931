using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cairn.Transport;
using Cairn.Protocol;
using Cairn.Protocol.Schema;
using Cairn.Tests.Support;

namespace Cairn.Tests.Protocol;

/// <summary>
/// The OpenRPC description (<c>docs/api/schema.json</c>, <c>GET /api/schema</c>) is generated from the real method
/// table, event catalog and error codes; the committed file, the served one and docs/api/sessions.md must agree
/// with them. Regenerate after changing a protocol record: <c>CAIRN_UPDATE_SCHEMA=1</c> (see <see cref="UpdateHint"/>).
/// </summary>
public sealed partial class ApiSchemaTests(ApiSchemaTests.Generated generated) : IClassFixture<ApiSchemaTests.Generated>
{
    private const string UpdateHint =
        "Regenerate it and the UI's types, then commit both:\n"
        + "  CAIRN_UPDATE_SCHEMA=1 dotnet test tests/Cairn.Tests -c Release --filter FullyQualifiedName~ApiSchemaTests\n"
        + "  cd ui && npm run gen:protocol";

    /// <summary>One gateway's method table and its schema, shared by the tests that only read them.</summary>
    public sealed class Generated : IAsyncLifetime
    {
        public IReadOnlyList<string> MethodNames { get; private set; } = [];

        public string Text { get; private set; } = "";

        public JsonObject Document => JsonNode.Parse(Text)!.AsObject();

        public async Task InitializeAsync()
        {
            await using var gw = await TestGateway.StartAsync();
            var table = gw.Service<MethodTable>();
            MethodNames = table.Names;
            Text = ApiSchema.Generate(table);
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }

    public static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cairn.slnx")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new InvalidOperationException("Cairn.slnx not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void CommittedSchema_IsWhatTheCodeGenerates()
    {
        var path = RepoFile("docs/api/schema.json");
        if (Environment.GetEnvironmentVariable("CAIRN_UPDATE_SCHEMA") == "1")
        {
            File.WriteAllText(path, generated.Text);
            return;
        }

        var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        if (committed != generated.Text)
        {
            Assert.Fail($"docs/api/schema.json is out of date: the protocol records or the method table changed.\n{Differences(committed, generated.Text)}\n{UpdateHint}");
        }
    }

    [Fact]
    public void Schema_ListsConnectAndEveryMethodOfTheTable_InTableOrder()
    {
        var names = generated.Document["methods"]!.AsArray().Select(m => m!["name"]!.GetValue<string>());

        Assert.Equal(generated.MethodNames.Prepend("connect"), names);
    }

    [Fact]
    public void Schema_EveryMethod_HasParamsAndResultThatResolve()
    {
        var document = generated.Document;
        var schemas = document["components"]!["schemas"]!.AsObject();
        foreach (var method in document["methods"]!.AsArray())
        {
            Assert.Equal("by-name", method!["paramStructure"]!.GetValue<string>());
            Assert.True(schemas.ContainsKey(SchemaComponents.NameOf(method["x-params"]!)), $"{method["name"]}: params");
            Assert.True(schemas.ContainsKey(SchemaComponents.NameOf(method["result"]!["schema"]!)), $"{method["name"]}: result");
        }

        Assert.All(Refs(document), name => Assert.True(schemas.ContainsKey(name), $"$ref to missing component {name}"));
    }

    [Fact]
    public void Schema_ListsEveryEvent_WithItsPayload()
    {
        var events = generated.Document["x-events"]!.AsArray();

        Assert.Equal(EventNames.All, events.Select(e => e!["name"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal(EventNames.PayloadTypes[e!["name"]!.GetValue<string>()].Name, SchemaComponents.NameOf(e["payload"]!)));
    }

    [Fact]
    public void Schema_ListsEveryErrorCode_WithItsHttpStatus()
    {
        var codes = generated.Document["x-errorCodes"]!.AsArray()
            .ToDictionary(e => e!["code"]!.GetValue<string>(), e => e!["httpStatus"]!.GetValue<int>());

        Assert.Equal(Enum.GetValues<ErrorCode>().ToDictionary(c => c.WireName(), c => c.HttpStatus()), codes);
        var wireEnum = generated.Document["components"]!["schemas"]!["ErrorCode"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>());
        Assert.Equal(codes.Keys, wireEnum);
    }

    [Fact]
    public void Schema_DescribesTheWireAsTheReaderAndWriterTreatIt()
    {
        var schemas = generated.Document["components"]!["schemas"]!;

        // Parameters: required as the strict reader demands; Maybe<T> is optional and nullable; enums by wire name.
        Assert.Equal(["label"], Required(schemas["SessionsCreateParams"]!));
        Assert.Equal(["key"], Required(schemas["SessionsPatchParams"]!));
        Assert.Equal("""{"type":["string","null"]}""", schemas["SessionsPatchParams"]!["properties"]!["description"]!.ToJsonString());
        Assert.Equal("""{"allOf":[{"$ref":"#/components/schemas/SessionSort"}],"default":"updated"}""",
            schemas["SessionsListParams"]!["properties"]!["sort"]!.ToJsonString());
        Assert.Equal(["updated", "created", "label"], schemas["SessionSort"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));

        // Results: nulls are left out on the wire, so a nullable field is optional and not null.
        Assert.DoesNotContain("nextCursor", Required(schemas["SessionsListResult"]!));
        Assert.Equal("""{"type":"string"}""", schemas["SessionsListResult"]!["properties"]!["nextCursor"]!.ToJsonString());
        Assert.Equal(["sessionKey", "status"], Required(schemas["ChatSendResult"]!));
        Assert.Contains("systemPrompt", schemas["SessionEntry"]!["properties"]!.AsObject().Select(p => p.Key));

        // A string whose values are a set of constants lists them.
        Assert.Equal("""{"type":"string","enum":["user","assistant","command","notice","summary","error"]}""",
            schemas["TranscriptMessage"]!["properties"]!["role"]!.ToJsonString());
    }

    [Fact]
    public async Task GetApiSchema_WithoutAToken_ServesTheSameDocument_WithTheSecurityHeaders()
    {
        await using var gw = await TestGateway.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = gw.Host.Address };

        using var response = await anonymous.GetAsync(new Uri(ApiSchema.Path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(generated.Text, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void SessionsDoc_HasASectionForEveryMethod()
    {
        var doc = File.ReadAllText(RepoFile("docs/api/sessions.md"));

        var missing = generated.MethodNames.Where(name => !doc.Contains($"\n### `{name}`\n", StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, $"docs/api/sessions.md has no '### `name`' section for: {string.Join(", ", missing)}. Document each method's params, result and errors there.");
        Assert.Contains("`connect`", doc, StringComparison.Ordinal);
    }

    [Fact]
    public void SessionsDoc_ListsEveryErrorCode_WithItsHttpStatus_AndEveryEvent()
    {
        var doc = File.ReadAllText(RepoFile("docs/api/sessions.md"));

        var missing = Enum.GetValues<ErrorCode>().Where(c => !doc.Contains($"\n| `{c.WireName()}` | {c.HttpStatus()} |", StringComparison.Ordinal))
            .Select(c => $"{c.WireName()} ({c.HttpStatus()})").ToList();
        missing.AddRange(EventNames.All.Where(e => !doc.Contains($"\n| `{e}` |", StringComparison.Ordinal)).Select(e => $"event {e}"));

        Assert.True(missing.Count == 0, $"docs/api/sessions.md lacks a table row ('| `CODE` | status |', '| `event` |') for: {string.Join(", ", missing)}.");
    }

    private static string[] Required(JsonNode schema) =>
        schema["required"] is JsonArray names ? [.. names.Select(n => n!.GetValue<string>())] : [];

    private static IEnumerable<string> Refs(JsonObject document) =>
        RefPattern().Matches(document.ToJsonString()).Select(m => m.Groups[1].Value).Distinct();

    /// <summary>Where the two documents differ, as JSON paths (at most ten), or the first differing line if one is not JSON.</summary>
    private static string Differences(string committed, string generated)
    {
        JsonNode? old;
        try
        {
            old = JsonNode.Parse(committed);
        }
        catch (JsonException)
        {
            return "The committed file is missing or not JSON.";
        }

        var paths = Diff(old, JsonNode.Parse(generated), "$").Take(10).ToList();
        return paths.Count == 0 ? "Same JSON, different text (indentation or line ends)." : "Differences:\n  " + string.Join("\n  ", paths);
    }

    private static IEnumerable<string> Diff(JsonNode? committed, JsonNode? generated, string path) => (committed, generated) switch
    {
        (JsonObject a, JsonObject b) => a.Select(p => p.Key).Union(b.Select(p => p.Key))
            .SelectMany(key => Diff(a[key], b[key], $"{path}.{key}")),
        (JsonArray a, JsonArray b) when a.Count == b.Count => a.SelectMany((item, i) => Diff(item, b[i], $"{path}[{i}]")),
        (JsonArray a, JsonArray b) => [.. Missing(b, a).Select(x => $"{path}: added {x}"), .. Missing(a, b).Select(x => $"{path}: removed {x}")],
        _ when JsonNode.DeepEquals(committed, generated) => [],
        _ => [$"{path}: committed {committed?.ToJsonString() ?? "(absent)"}, generated {generated?.ToJsonString() ?? "(absent)"}"],
    };

    private static IEnumerable<string> Missing(JsonArray items, JsonArray from) =>
        items.Where(x => !from.Any(y => JsonNode.DeepEquals(x, y))).Select(x => x?.ToJsonString() ?? "null");

    [GeneratedRegex("\"\\$ref\":\"#/components/schemas/([^\"]+)\"")]
    private static partial Regex RefPattern();
}
