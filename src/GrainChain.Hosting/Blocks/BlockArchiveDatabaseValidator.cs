using Orleans;
using Orleans.Runtime;

namespace GrainChain.Hosting.Blocks;

/// <summary>Stops a silo as it starts, saying what to add, when its block archive has no database registered (the
/// archive is otherwise built only when first used, by a grain that needs blocks).</summary>
internal sealed class BlockArchiveDatabaseValidator<TDataSource>(IServiceProvider services, string registration) : IConfigurationValidator
    where TDataSource : class
{
    public void ValidateConfiguration()
    {
        try
        {
            BlockArchiveServiceCollectionExtensions.RequiredDatabase<TDataSource>(services, registration);
        }
        catch (InvalidOperationException e)
        {
            throw new OrleansConfigurationException(e.Message, e);
        }
    }
}
