namespace GrainChain.Ledger.Json;

/// <summary>
/// A field's place in a document ("block.transactions[2]" + "fee"), joined only when an error names it, so
/// that reading valid JSON builds no path strings.
/// </summary>
internal readonly record struct JsonField(string Path, string Name)
{
    public override string ToString() => Name.Length == 0 ? Path : $"{Path}.{Name}";
}
