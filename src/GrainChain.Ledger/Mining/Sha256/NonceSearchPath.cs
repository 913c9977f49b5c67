namespace GrainChain.Ledger.Mining.Sha256;

/// <summary>Which lane implementation a nonce search runs on.</summary>
internal enum NonceSearchPath
{
    Scalar,
    Avx2,
    Avx512VL,
    Avx512,
}
