using System.Numerics;

namespace GrainChain.Benchmarks.Network;

/// <summary>
/// Who follows whom: node <c>i</c>'s peers are <c>i + 1</c> (a ring, so every node reaches every other) and
/// <c>K - 1</c> further distinct nodes drawn at random. A node pulls from its peers, so a block travels from a peer to
/// its followers: against the direction of <see cref="PeersOf"/>.
/// </summary>
public sealed class PeerGraph
{
    private readonly int[][] _peers;
    private readonly List<int>[] _followers;

    public PeerGraph(int nodes, int peersPerNode, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(peersPerNode, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(peersPerNode, nodes);
        ArgumentNullException.ThrowIfNull(random);
        _peers = new int[nodes][];
        _followers = Enumerable.Range(0, nodes).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < nodes; i++)
        {
            var chosen = new List<int>(peersPerNode) { (i + 1) % nodes };
            while (chosen.Count < peersPerNode)
            {
                var candidate = random.Next(nodes);
                if (candidate != i && !chosen.Contains(candidate)) chosen.Add(candidate);
            }

            _peers[i] = [.. chosen];
            foreach (var peer in chosen) _followers[peer].Add(i);
        }
    }

    public int Count => _peers.Length;

    public IReadOnlyList<int> PeersOf(int node) => _peers[node];

    /// <summary>
    /// Every (node, peer) pair, in waves within which no node both adds a peer and is added as one: a node adding a
    /// peer waits on the peer's <c>GetStatusAsync</c>, which a node busy adding a peer of its own does not answer, so
    /// two nodes adding each other at once wait for each other until their 10 s peer timeout. A pair goes to the wave
    /// of the lowest bit in which the two indexes differ and of the adding node's value of that bit.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<(int Node, int Peer)>> AdditionWaves()
    {
        var bits = 1;
        while (1 << bits < Count) bits++;
        var waves = Enumerable.Range(0, 2 * bits).Select(_ => new List<(int, int)>()).ToArray();
        for (var node = 0; node < Count; node++)
        {
            foreach (var peer in _peers[node])
            {
                var bit = BitOperations.TrailingZeroCount(node ^ peer);
                waves[2 * bit + ((node >> bit) & 1)].Add((node, peer));
            }
        }

        return waves.Where(w => w.Count > 0).ToArray();
    }

    /// <summary>How many announcement hops a block mined on <paramref name="origin"/> needs to reach each node, at the fewest.</summary>
    public int[] HopsFrom(int origin)
    {
        var hops = Enumerable.Repeat(-1, Count).ToArray();
        hops[origin] = 0;
        var queue = new Queue<int>();
        queue.Enqueue(origin);
        while (queue.TryDequeue(out var node))
        {
            foreach (var follower in _followers[node])
            {
                if (hops[follower] >= 0) continue;
                hops[follower] = hops[node] + 1;
                queue.Enqueue(follower);
            }
        }

        return hops;
    }
}
