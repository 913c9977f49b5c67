using System.Security.Cryptography;
using System.Text;
using GrainChain.Hosting.Pending;

namespace GrainChain.Hosting.Tests.Pending;

/// <summary>
/// Made-up pending transactions for the store's tests: bytes that spell a label, the id their SHA-256. A label of
/// each test's own keeps tests that share one store from ever sharing a row or a node.
/// </summary>
internal static class TestPending
{
    public static PendingTransaction Row(string label, int size = 200)
    {
        var text = Encoding.UTF8.GetBytes(label);
        var bytes = new byte[Math.Max(size, text.Length)];
        text.CopyTo(bytes, 0);
        for (var i = text.Length; i < bytes.Length; i++) bytes[i] = (byte)i;
        return new PendingTransaction(SHA256.HashData(bytes), bytes);
    }

    public static List<PendingTransaction> Rows(string label, int count, int size = 200) =>
        [.. Enumerable.Range(0, count).Select(i => Row($"{label}/{i}", size))];

    /// <summary>An id no test stores.</summary>
    public static byte[] UnknownId(string label) => SHA256.HashData(Encoding.UTF8.GetBytes($"unknown/{label}"));

    /// <summary>Rows in one order (by id), so that sets read back in any order compare equal.</summary>
    public static List<PendingTransaction> Sorted(IEnumerable<PendingTransaction> rows) =>
        [.. rows.OrderBy(r => Convert.ToHexString(r.Id), StringComparer.Ordinal)];
}
