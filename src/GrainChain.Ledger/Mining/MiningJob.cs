using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Mining.Sha256;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Mining;

/// <summary>One extra-nonce's share of a template: its coinbase, the header committing to it, and that header's midstate.</summary>
internal sealed class MiningJob
{
    public MiningJob(BlockTemplate template, CoinbaseMerkleBranch branch, ulong extraNonce)
    {
        ExtraNonce = extraNonce;
        Coinbase = template.Coinbase.ExtraNonce == extraNonce ? template.Coinbase : template.Coinbase.WithExtraNonce(extraNonce);
        Header = template.Header with { MerkleRoot = branch.RootFor(Coinbase.Id), Nonce = 0 };
        Midstate = new HeaderMidstate(Header);
    }

    public ulong ExtraNonce { get; }
    public Transaction Coinbase { get; }
    public BlockHeader Header { get; }
    public HeaderMidstate Midstate { get; }
}
