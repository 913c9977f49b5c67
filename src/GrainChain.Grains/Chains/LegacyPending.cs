using GrainChain.Hosting;
using GrainChain.Ledger.Transactions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core;
using Orleans.Runtime;
using Orleans.Storage;

namespace GrainChain.Grains.Chains;

/// <summary>
/// Pending transactions as earlier builds kept them: the whole mempool in the <see cref="ChainRecord"/> and a
/// <see cref="PendingJournal"/> of what was accepted since. A chain reads them once when it activates, stores them as
/// rows, and then empties both, so a database written by an earlier build loses no acknowledged transfer.
/// </summary>
internal static class LegacyPending
{
    private const string JournalStateName = "chain-journal";

    /// <summary>Whether the record still holds, or points at, transactions an earlier build kept there.</summary>
    public static bool IsPresent(ChainRecord record) => record.Pending.Count > 0 || record.Journalled;

    public static async Task<List<Transaction>> ReadAsync(ChainRecord record, IGrainContext context, IServiceProvider services)
    {
        var transactions = new List<Transaction>(record.Pending);
        if (record.Journalled) transactions.AddRange((await OpenJournalAsync(context, services)).State.Added);
        return transactions;
    }

    /// <summary>Empties both, once their transactions are stored as rows.</summary>
    public static async Task ClearAsync(IPersistentState<ChainRecord> state, IGrainContext context, IServiceProvider services)
    {
        var journalled = state.State.Journalled;
        state.State.Pending = [];
        state.State.Journalled = false;
        await state.WriteStateAsync();
        if (journalled) await (await OpenJournalAsync(context, services)).ClearStateAsync();
    }

    private static async Task<IStorage<PendingJournal>> OpenJournalAsync(IGrainContext context, IServiceProvider services)
    {
        var storage = services.GetRequiredKeyedService<IGrainStorage>(GrainChainOptions.StorageName);
        var journal = new StateStorageBridge<PendingJournal>(JournalStateName, context, storage);
        await journal.ReadStateAsync();
        return journal;
    }
}
