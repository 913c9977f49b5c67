using Orleans;
using Orleans.Runtime;

namespace GrainChain.Hosting.Schema;

/// <summary>Stops a silo as it starts, saying what to add, when a GrainChain component has no database registered:
/// the component itself is built only when first used (a grain storage when a grain using it activates, the block
/// archive or the pending store when a node needs it), which may be long after the silo started. The message is the one
/// <see cref="RequiredServices.Database{TDataSource}"/> gives the component as it is built.</summary>
internal sealed class RequiredDatabaseValidator<TDataSource>(IServiceProvider services, string component, string registration)
    : IConfigurationValidator
    where TDataSource : class
{
    public void ValidateConfiguration()
    {
        try
        {
            RequiredServices.Database<TDataSource>(services, component, registration);
        }
        catch (InvalidOperationException e)
        {
            throw new OrleansConfigurationException(e.Message, e);
        }
    }
}
