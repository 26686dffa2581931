namespace Cairn.Tests.Support;

/// <summary>
/// Runs the test classes in it one at a time, after the parallel ones: for tests that race a busy machine on purpose
/// and would otherwise share it with a thousand others. Two full runs lost a real SIGINT to <c>cairn chat</c> while
/// other tests ran beside it; in one full run a WebSocket client of the 32-client load test had not heard every change
/// 15 s after the load ended, while other tests' gateways shared the test process's thread pool (the test now says
/// how far behind the client was and whether it was dropped). Alone both pass, also beside processes that keep
/// every core busy.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTests
{
    public const string Name = "serial";
}
