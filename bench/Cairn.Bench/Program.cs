using System.CommandLine;
using Cairn.Bench;

var sizes = new Option<int[]>("--sizes") { Description = "Numbers of sessions to seed and measure at (default 1000 10000 100000; --quick: 1000).", AllowMultipleArgumentsPerToken = true };
var quick = new Option<bool>("--quick") { Description = "A smoke run of about a minute: 1,000 sessions and few requests per measurement." };
var output = new Option<string?>("--out") { Description = "Write the results as JSON to this file." };
var url = new Option<string?>("--url") { Description = "Measure a running gateway at this address instead of starting one (needs --token; changes only sessions it creates)." };
var token = new Option<string?>("--token") { Description = "The token of the gateway given with --url." };
var clients = new Option<int?>("--clients") { Description = "Concurrent clients of the many-client measurements (default 16)." };
var reads = new Option<int?>("--reads") { Description = "Requests per read measurement with one client (default 1000; many clients share twice as many)." };
var writes = new Option<int?>("--writes") { Description = "Requests per write measurement with one client (default 300)." };
var messages = new Option<int?>("--messages") { Description = "Transcript messages seeded per session (default 4)." };
var keep = new Option<bool>("--keep-data") { Description = "Keep the temporary data dirs." };
var allChat = new Option<bool>("--all-chat-events") { Description = "Every client gets every session's chat events (no events.subscribe), for comparison." };
var logLevel = new Option<string?>("--gateway-log-level") { Description = "The gateway's --log-level (default Information, as a user runs it)." };

var root = new RootCommand("Cairn benchmark: starts a real gateway on a seeded data dir and measures session operations over HTTP and WebSocket.")
{
    sizes, quick, output, url, token, clients, reads, writes, messages, keep, allChat, logLevel,
};
root.SetAction(async (result, ct) =>
{
    Uri? target = null;
    if (result.GetValue(url) is { } text && !Uri.TryCreate(text, UriKind.Absolute, out target))
    {
        await Console.Error.WriteLineAsync($"cairn-bench: --url {text} is not an absolute URL");
        return 2;
    }

    var options = new BenchOptions();
    if (result.GetValue(quick))
    {
        options = BenchOptions.QuickDefaults(options) with { Quick = true };
    }

    options = options with
    {
        Sizes = result.GetValue(sizes) is { Length: > 0 } s ? s : options.Sizes,
        OutPath = result.GetValue(output),
        Url = target,
        Token = result.GetValue(token),
        Clients = result.GetValue(clients) ?? options.Clients,
        Reads = result.GetValue(reads) ?? options.Reads,
        Writes = result.GetValue(writes) ?? options.Writes,
        MessagesPerSession = result.GetValue(messages) ?? options.MessagesPerSession,
        KeepData = result.GetValue(keep),
        AllChatEvents = result.GetValue(allChat),
        GatewayLogLevel = result.GetValue(logLevel) ?? options.GatewayLogLevel,
    };
    if (options.Url is not null && string.IsNullOrEmpty(options.Token))
    {
        await Console.Error.WriteLineAsync("cairn-bench: --url needs --token");
        return 2;
    }

    return await Bench.RunAsync(options, args, ct);
});
var budgetMessages = new Option<int>("--messages") { Description = "Stored messages of the session (default 1000).", DefaultValueFactory = _ => 1000 };
var budget = new Command("budget", "Measure the context budget of one send (no gateway): plan, sliding window, counting.") { budgetMessages };
budget.SetAction(result => BudgetBench.Run(result.GetValue(budgetMessages), 5000));
root.Subcommands.Add(budget);
var searchSessions = new Option<int>("--sessions") { Description = "Sessions to seed (default 100000).", DefaultValueFactory = _ => 100_000 };
var searchMessages = new Option<int>("--messages") { Description = "Messages per session (default 10).", DefaultValueFactory = _ => 10 };
var searchReads = new Option<int>("--reads") { Description = "Queries per measurement with one client (default 300).", DefaultValueFactory = _ => 300 };
var searchDir = new Option<string?>("--data-dir") { Description = "Seed here, or reuse what an earlier run seeded here (kept)." };
var search = new Command("search", "Measure search.query at a size (default 100,000 sessions, 1,000,000 messages) and the index's cost on a write.")
{
    searchSessions, searchMessages, searchReads, searchDir,
};
search.SetAction((result, ct) => SearchBench.RunAsync(new BenchOptions { Reads = result.GetValue(searchReads) }, result.GetValue(searchSessions),
    result.GetValue(searchMessages), result.GetValue(searchDir), ct));
root.Subcommands.Add(search);
var mergeMessages = new Option<int>("--messages") { Description = "Messages in each of the two sessions (default 1000).", DefaultValueFactory = _ => 1000 };
var mergeRounds = new Option<int>("--rounds") { Description = "Preview, merge and unmerge rounds (default 20).", DefaultValueFactory = _ => 20 };
var merge = new Command("merge", "Measure sessions.merge of 2 sessions × 1,000 messages (target: under a second), its preview and the unmerge.") { mergeMessages, mergeRounds };
merge.SetAction((result, ct) => MergeBench.RunAsync(new BenchOptions(), result.GetValue(mergeMessages), result.GetValue(mergeRounds), ct));
root.Subcommands.Add(merge);
var slowClients = new Option<int>("--clients") { Description = "Clients that never read (default 4).", DefaultValueFactory = _ => 4 };
var slowSeconds = new Option<int>("--seconds") { Description = "How long they pull (default 30).", DefaultValueFactory = _ => 30 };
var slowRate = new Option<int>("--rate") { Description = "chat.history requests a second per client (default 45, under the 50/s message limit).", DefaultValueFactory = _ => 45 };
var slowMessages = new Option<int>("--messages") { Description = "30,000-character messages in the session, so its history is about 1 MB (default 16).", DefaultValueFactory = _ => 16 };
var slowOut = new Option<string?>("--out") { Description = "Write the result as JSON to this file." };
var slowControl = new Option<bool>("--reading") { Description = "The control run: the same load from clients that read every reply." };
var slowReaders = new Command("slow-readers", "Memory under clients that pull large histories and never read (issue 19): RSS before, peak and after.")
{
    slowClients, slowSeconds, slowRate, slowMessages, slowOut, slowControl,
};
slowReaders.SetAction((result, ct) => SlowReadersBench.RunAsync(new SlowReadersBench.Options(result.GetValue(slowClients), result.GetValue(slowSeconds),
    result.GetValue(slowRate), result.GetValue(slowMessages), Path.Combine(AppContext.BaseDirectory, "cairn.dll"), result.GetValue(slowOut),
    result.GetValue(slowControl)), ct));
root.Subcommands.Add(slowReaders);
var eventsIdle = new Option<int>("--idle") { Description = "Idle WebSocket clients (default 2000).", DefaultValueFactory = _ => 2000 };
var eventsTurns = new Option<int>("--turns") { Description = "Chat turns measured alone and with the idle clients (default 200).", DefaultValueFactory = _ => 200 };
var eventsChanges = new Option<int>("--changes") { Description = "sessions.changed events timed to every idle client (default 20).", DefaultValueFactory = _ => 20 };
var eventsAllChat = new Option<bool>("--all-chat-events") { Description = "Idle clients take every session's chat events (no narrowing), for comparison." };
var events = new Command("events", "Events at scale (issue 20): a chat turn alone and with N idle clients, RSS per idle connection, sessions.changed fan-out time.")
{
    eventsIdle, eventsTurns, eventsChanges, eventsAllChat,
};
events.SetAction((result, ct) => EventsBench.RunAsync(new EventsBench.Options(result.GetValue(eventsIdle), result.GetValue(eventsTurns),
    result.GetValue(eventsChanges), result.GetValue(eventsAllChat), Path.Combine(AppContext.BaseDirectory, "cairn.dll")), ct));
root.Subcommands.Add(events);
var scalingSessions = new Option<int>("--sessions") { Description = "Sessions to seed (default 2000).", DefaultValueFactory = _ => 2000 };
var scalingRequests = new Option<int>("--requests") { Description = "Creates per client at each step (lists: twice as many; default 300).", DefaultValueFactory = _ => 300 };
var scaling = new Command("scaling", "Throughput (issue 20): creates/s and lists/s over WebSocket with 1, 2, 4, 8 and 16 clients on one gateway.")
{
    scalingSessions, scalingRequests,
};
scaling.SetAction((result, ct) => ScalingBench.RunAsync(new BenchOptions(), result.GetValue(scalingSessions), result.GetValue(scalingRequests), ct));
root.Subcommands.Add(scaling);
var fleetSizes = new Option<int[]>("--replicas") { Description = "Fleet sizes to measure, each on a fresh database (default 1 2 3; --quick: 1 2).", AllowMultipleArgumentsPerToken = true };
var fleetClients = new Option<int>("--clients") { Description = "WebSocket clients, spread round robin over the replicas (default 16).", DefaultValueFactory = _ => 16 };
var fleetCreates = new Option<int?>("--creates") { Description = "sessions.create requests per fleet (default 1000; --quick: 100)." };
var fleetLists = new Option<int?>("--lists") { Description = "sessions.list requests per fleet (default 2000; --quick: 200)." };
var fleetOps = new Option<int?>("--ops") { Description = "Requests per operation in the one-client latency runs (default 300; --quick: 50)." };
var fleetPostgres = new Option<string?>("--postgres") { Description = "A superuser connection string to use instead of starting a private cluster with tests/postgres.sh." };
var fleetQuick = new Option<bool>("--quick") { Description = "A smoke run: fleets of 1 and 2, few requests." };
var fleetOut = new Option<string?>("--out") { Description = "Write the results as JSON to this file." };
var replicas = new Command("replicas", "Replicas on one PostgreSQL (issue 22): creates/s and lists/s with 1, 2 and 3 replicas and 16 clients; one-client latency on PostgreSQL and SQLite.")
{
    fleetSizes, fleetClients, fleetCreates, fleetLists, fleetOps, fleetPostgres, fleetQuick, fleetOut,
};
replicas.SetAction((result, ct) =>
{
    var q = result.GetValue(fleetQuick);
    return ReplicasBench.RunAsync(new ReplicasBench.Options(
        result.GetValue(fleetSizes) is { Length: > 0 } n ? n : q ? [1, 2] : [1, 2, 3],
        result.GetValue(fleetClients),
        result.GetValue(fleetCreates) ?? (q ? 100 : 1000),
        result.GetValue(fleetLists) ?? (q ? 200 : 2000),
        result.GetValue(fleetOps) ?? (q ? 50 : 300),
        result.GetValue(fleetPostgres),
        result.GetValue(fleetOut)), args, ct);
});
root.Subcommands.Add(replicas);
var storeDir = new Option<string>("--data-dir") { Description = "The data dir whose cairn.db to read (it is migrated if it needs to be; use a copy).", Required = true };
var storeCalls = new Option<int>("--calls") { Description = "Pages read (default 2000; ten times as many single sessions).", DefaultValueFactory = _ => 2000 };
var storeReads = new Command("store-reads", "The store's share of sessions.list (100 rows) and sessions.get, in-process on a data dir (issue 20).") { storeDir, storeCalls };
storeReads.SetAction(result => StoreReadsBench.Run(result.GetValue(storeDir)!, result.GetValue(storeCalls)));
root.Subcommands.Add(storeReads);
var writesPer = new Option<int>("--per-writer") { Description = "Creates per writer at each step (default 300).", DefaultValueFactory = _ => 300 };
var writersOption = new Option<int[]>("--writers") { Description = "Concurrent writers, one step each (default 1 2 4 8 16).", AllowMultipleArgumentsPerToken = true };
var storeWrites = new Command("store-writes", "Durable session creates in-process on a fresh SQLite file, 1 to 16 concurrent writers (issue 20).") { writesPer, writersOption };
storeWrites.SetAction((result, ct) => StoreWritesBench.RunAsync(result.GetValue(writesPer),
    result.GetValue(writersOption) is { Length: > 0 } w ? w : [1, 2, 4, 8, 16], ct));
root.Subcommands.Add(storeWrites);
var startupDir = new Option<string?>("--data-dir") { Description = "A data dir to measure on; it is copied first and only the copy is used (default: an empty one, or --sessions)." };
var startupSessions = new Option<int>("--sessions") { Description = "Without --data-dir: sessions to seed first (default 0, an empty data dir)." };
var startupRuns = new Option<int>("--runs") { Description = "Starts measured one after another on the same copy (default 5).", DefaultValueFactory = _ => 5 };
var startupChat = new Option<bool>("--chat") { Description = "After the list walk, time one chat.send (the first loads the tokenizer) and read RSS after it." };
var startupCheck = new Option<bool>("--integrity-check") { Description = "Leave the start-up quick_check on (it runs after ready) and report its time; off by default." };
var startupCairn = new Option<string?>("--cairn") { Description = "The gateway to start: a cairn.dll (run with dotnet) or a published cairn executable (default: the cairn.dll beside the benchmark)." };
var startupOut = new Option<string?>("--out") { Description = "Write every run as JSON to this file." };
var startup = new Command("startup", "Start-up to ready, and RSS after start and after a full sessions.list walk, over several runs (issue 20).")
{
    startupDir, startupSessions, startupRuns, startupChat, startupCheck, startupCairn, startupOut,
};
startup.SetAction((result, ct) => StartupBench.RunAsync(new StartupBench.Options(result.GetValue(startupDir), result.GetValue(startupSessions),
    result.GetValue(startupRuns), result.GetValue(startupChat), result.GetValue(startupCheck),
    Path.GetFullPath(result.GetValue(startupCairn) ?? Path.Combine(AppContext.BaseDirectory, "cairn.dll")), result.GetValue(startupOut)), ct));
root.Subcommands.Add(startup);
return await root.Parse(args).InvokeAsync();
