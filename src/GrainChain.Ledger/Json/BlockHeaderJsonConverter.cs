using System.Text.Json;
using System.Text.Json.Serialization;
using GrainChain.Ledger.Blocks;

namespace GrainChain.Ledger.Json;

/// <summary>Plugs <see cref="BlockHeaderJson"/> into <see cref="JsonSerializer"/>.</summary>
public sealed class BlockHeaderJsonConverter(LedgerJsonLimits limits) : JsonConverter<BlockHeader>
{
    public BlockHeaderJsonConverter() : this(LedgerJsonLimits.Default)
    {
    }

    public override BlockHeader Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        BlockHeaderJson.Read(ref reader, "header", limits);

    public override void Write(Utf8JsonWriter writer, BlockHeader value, JsonSerializerOptions options) =>
        BlockHeaderJson.Write(writer, value);
}
