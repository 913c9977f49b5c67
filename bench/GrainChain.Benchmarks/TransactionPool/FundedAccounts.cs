using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.State;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Benchmarks.TransactionPool;

/// <summary>A tip where every benchmark sender is rich and at nonce zero, plus signed transfers from them.</summary>
internal sealed class FundedAccounts : IAccountView, IDisposable
{
    public const uint ChainId = 1;

    private readonly Dictionary<Address, long> _balances = [];

    public FundedAccounts(int senders)
    {
        Keys = Enumerable.Range(0, senders).Select(_ => KeyPair.Generate()).ToArray();
        foreach (var key in Keys) _balances[key.Address] = 1_000 * Amount.UnitsPerCoin;
    }

    public KeyPair[] Keys { get; }

    public Amount BalanceOf(Address address) => new(_balances.GetValueOrDefault(address));

    public ulong NextNonceOf(Address address) => 0;

    /// <summary>
    /// <paramref name="perSender"/> transfers from each sender, interleaved by nonce as they would arrive, with
    /// fees spread pseudo-randomly (fixed seed) so ordering has work to do.
    /// </summary>
    public Transaction[] Transfers(int perSender, int seed = 17, long amount = 1_000)
    {
        var random = new Random(seed);
        var recipient = Keys[0].Address;
        var transfers = new Transaction[Keys.Length * perSender];
        var i = 0;
        for (ulong nonce = 0; nonce < (ulong)perSender; nonce++)
            foreach (var key in Keys)
                transfers[i++] = TransactionSigner.Sign(
                    Transaction.CreateTransfer(ChainId, key.PublicKey, recipient, new Amount(amount), new Amount(random.Next(1, 100_000)), nonce),
                    key);
        return transfers;
    }

    public void Dispose()
    {
        foreach (var key in Keys) key.Dispose();
    }
}
