namespace GrainChain.Hosting.Blocks;

/// <summary>
/// Collects the rows of an ancestry query, each with its depth (1 for the tip), and returns them newest first. The
/// databases return a linear walk in depth order in practice, but SQL promises no order without ORDER BY (a sort of
/// every block's bytes): rows are appended as they come and sorted only if they ever come out of order.
/// </summary>
internal sealed class BlockChainReader
{
    private readonly List<(long Depth, ArchivedBlock Block)> _rows = [];
    private bool _ordered = true;

    public void Add(long depth, ArchivedBlock block)
    {
        if (_rows.Count > 0 && depth <= _rows[^1].Depth) _ordered = false;
        _rows.Add((depth, block));
    }

    public IReadOnlyList<ArchivedBlock> NewestFirst()
    {
        if (!_ordered) _rows.Sort((a, b) => a.Depth.CompareTo(b.Depth));
        var chain = new ArchivedBlock[_rows.Count];
        for (var i = 0; i < chain.Length; i++) chain[i] = _rows[i].Block;
        return chain;
    }
}
