using System.Text.Json;
using System.Text.Json.Serialization;
using GrainChain.Ledger.Blocks;

namespace GrainChain.Ledger.Json;

/// <summary>Plugs <see cref="BlockJson"/> into <see cref="JsonSerializer"/>, with the caller's transaction limit.</summary>
public sealed class BlockJsonConverter : JsonConverter<Block>
{
    private readonly int _maxTransactions;
    private readonly LedgerJsonLimits _limits;

    public BlockJsonConverter(int maxTransactions, LedgerJsonLimits? limits = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTransactions, 1);
        _maxTransactions = maxTransactions;
        _limits = limits ?? LedgerJsonLimits.Default;
    }

    public override Block Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        BlockJson.Read(ref reader, "block", _maxTransactions, _limits);

    public override void Write(Utf8JsonWriter writer, Block value, JsonSerializerOptions options) =>
        BlockJson.Write(writer, value);
}
