using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Transactions;
using Orleans.Serialization.Cloning;

namespace GrainChain.Abstractions.Serialization;

// The ledger cannot carry Orleans' [Immutable] (it does not reference Orleans), so these registered copiers say the
// same thing: a copy is the value itself. Without them a call between grains of one silo would re-encode and
// re-decode every block and transaction it passes. Hash256, Address, Amount and BlockHeader need no copier: Orleans
// already treats structs made only of primitive fields as shallow-copyable.

/// <summary>Copies a <see cref="Block"/> by reference: blocks are immutable.</summary>
[RegisterCopier]
public sealed class BlockCopier : ShallowCopier<Block>;

/// <summary>Copies a <see cref="Transaction"/> by reference: transactions are immutable.</summary>
[RegisterCopier]
public sealed class TransactionCopier : ShallowCopier<Transaction>;

/// <summary>Copies a <see cref="PublicKey"/> sharing its byte array, which nothing can modify.</summary>
[RegisterCopier]
public sealed class PublicKeyCopier : ShallowCopier<PublicKey>;

/// <summary>Copies a <see cref="Signature"/> sharing its byte array, which nothing can modify.</summary>
[RegisterCopier]
public sealed class SignatureCopier : ShallowCopier<Signature>;
