using Orleans;
using Orleans.Runtime;

namespace GrainChain.Hosting.Pending;

/// <summary>Stops a silo as it starts, saying what to add, when its pending transaction store has no database
/// registered (the store is otherwise built only when first used, by a node that accepts a transaction).</summary>
internal sealed class PendingTransactionDatabaseValidator<TDataSource>(IServiceProvider services, string registration) : IConfigurationValidator
    where TDataSource : class
{
    public void ValidateConfiguration()
    {
        try
        {
            PendingTransactionServiceCollectionExtensions.RequiredDatabase<TDataSource>(services, registration);
        }
        catch (InvalidOperationException e)
        {
            throw new OrleansConfigurationException(e.Message, e);
        }
    }
}
