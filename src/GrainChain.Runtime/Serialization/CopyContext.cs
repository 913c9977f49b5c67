namespace GrainChain.Runtime.Serialization;

/// <summary>State of one deep copy: the codecs in use and the nesting depth, so a cyclic graph fails instead of overflowing the stack.</summary>
public sealed class CopyContext
{
    private int _depth;

    internal CopyContext(ICodecProvider codecs, int maxDepth)
    {
        Codecs = codecs;
        MaxDepth = maxDepth;
    }

    public ICodecProvider Codecs { get; internal set; }

    internal int MaxDepth { get; }

    /// <summary>Called by copiers of objects and collections before copying their members.</summary>
    public void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw new GrainSerializationException($"Value nests deeper than the maximum depth {MaxDepth} (a cycle in the object graph?).");
        }
    }

    public void Exit() => _depth--;

    internal void Reset(ICodecProvider codecs)
    {
        Codecs = codecs;
        _depth = 0;
    }
}
