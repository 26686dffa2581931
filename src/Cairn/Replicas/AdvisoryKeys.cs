using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Cairn.Replicas;

/// <summary>
/// The 64-bit PostgreSQL advisory lock keys of the fleet: a fixed one for the leader, and one per
/// session for its run lease (the first 8 bytes of the SHA-256 of a prefixed key, so they do not meet other users'
/// advisory locks in the same database, and two sessions share a key with odds of 2^-64).
/// </summary>
public static class AdvisoryKeys
{
    public static long Leader { get; } = Of("cairn:leader");

    public static long Run(string sessionKey) => Of("cairn:run:" + sessionKey);

    private static long Of(string name) => BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
}
