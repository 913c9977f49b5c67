using GrainChain.Ledger.Primitives;

namespace GrainChain.Abstractions.Serialization;

/// <summary>An <see cref="Amount"/> on the wire: its base units, the value its canonical 8 bytes hold.</summary>
[GenerateSerializer, Immutable, Alias("gc.amount")]
public readonly struct AmountSurrogate(long units)
{
    [Id(0)] public readonly long Units = units;
}

/// <summary>Converts <see cref="Amount"/> to and from <see cref="AmountSurrogate"/>, refusing units outside the valid range.</summary>
[RegisterConverter]
public sealed class AmountConverter : IConverter<Amount, AmountSurrogate>
{
    public Amount ConvertFromSurrogate(in AmountSurrogate surrogate)
    {
        // Checked here so a hostile value fails as a wire error, not as the constructor's ArgumentOutOfRangeException.
        if (!Amount.IsValid(surrogate.Units))
            throw new WireFormatException(nameof(Amount), "amount", $"amount {surrogate.Units} is outside [0, {Amount.MaxUnits}]");
        return new Amount(surrogate.Units);
    }

    public AmountSurrogate ConvertToSurrogate(in Amount value) => new(value.Units);
}
