using System.Security.Cryptography;
using System.Text;
using GrainChain.Hosting.Pending;

namespace GrainChain.Hosting.Tests.Pending;

/// <summary>
/// Made-up pending transactions for the store's tests: bytes that spell a label, the id their SHA-256, and the
/// sequence the test gives. A label of each test's own keeps tests that share one store from ever sharing a row or a
/// node.
/// </summary>
internal static class TestPending
{
    public static PendingTransaction Row(string label, long sequence = 0, int size = 200)
    {
        var text = Encoding.UTF8.GetBytes(label);
        var bytes = new byte[Math.Max(size, text.Length)];
        text.CopyTo(bytes, 0);
        for (var i = text.Length; i < bytes.Length; i++) bytes[i] = (byte)i;
        return new PendingTransaction(sequence, SHA256.HashData(bytes), bytes);
    }

    /// <summary><paramref name="count"/> rows numbered upward from <paramref name="first"/>, as a node stores them.</summary>
    public static List<PendingTransaction> Rows(string label, int count, long first = 0, int size = 200) =>
        [.. Enumerable.Range(0, count).Select(i => Row($"{label}/{i}", first + i, size))];

    /// <summary>The order a store reads a node's rows back in.</summary>
    public static List<PendingTransaction> BySequence(IEnumerable<PendingTransaction> rows) => [.. rows.OrderBy(r => r.Sequence)];

    public static long[] Sequences(IEnumerable<PendingTransaction> rows) => [.. rows.Select(r => r.Sequence)];
}
