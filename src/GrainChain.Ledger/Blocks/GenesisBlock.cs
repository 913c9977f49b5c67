using System.Collections.Immutable;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Blocks;

/// <summary>Builds the deterministic first block of a chain: one coinbase at height 0 paying an unspendable address.</summary>
public static class GenesisBlock
{
    /// <summary>The header version every genesis block carries.</summary>
    public const int Version = 1;

    /// <summary>
    /// The genesis coinbase. It pays <see cref="Address.Zero"/>, for which no key exists, so the genesis reward
    /// counts towards the supply but can never be spent (as with Bitcoin's genesis output).
    /// </summary>
    public static Transaction CreateCoinbase(uint chainId, Amount reward) =>
        Transaction.CreateCoinbase(chainId, Address.Zero, reward, height: 0);

    /// <summary>The genesis header for the given coinbase terms; a single-transaction merkle root is that txid.</summary>
    public static BlockHeader CreateHeader(uint chainId, Amount reward, uint time, uint bits, uint nonce) =>
        new(Version, Hash256.Zero, CreateCoinbase(chainId, reward).Id, time, bits, nonce);

    /// <summary>
    /// The first nonce from zero at which <paramref name="header"/> meets its own bits. Used once to fix a
    /// profile's genesis nonce; at test difficulty it returns after a couple of hashes.
    /// </summary>
    public static uint FindNonce(BlockHeader header)
    {
        for (var nonce = 0u; ; nonce++)
        {
            if (ProofOfWork.MeetsTarget((header with { Nonce = nonce }).ComputeHash(), header.Bits)) return nonce;
            if (nonce == uint.MaxValue)
                throw new InvalidOperationException("no nonce meets the genesis bits; change the genesis time");
        }
    }

    /// <summary>
    /// The genesis block of <paramref name="chain"/>: its coinbase rebuilt from the chain's id and height-0
    /// reward, under <see cref="ChainParams.GenesisHeader"/>. Fails if the header does not commit to that coinbase.
    /// </summary>
    public static Block Create(ChainParams chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var coinbase = CreateCoinbase(chain.ChainId, chain.RewardAt(0));
        var header = chain.GenesisHeader;
        if (!header.PreviousHash.IsZero || header.MerkleRoot != coinbase.Id)
            throw new InvalidOperationException(
                $"the genesis header of chain '{chain.Name}' does not commit to its genesis coinbase");
        return new Block(header, [coinbase]);
    }
}
