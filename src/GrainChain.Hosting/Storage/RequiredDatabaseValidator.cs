using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace GrainChain.Hosting.Storage;

/// <summary>Stops a silo as it starts, saying what to add, when a GrainChain grain storage has no database registered
/// (storage providers are otherwise built only when the first grain using them activates).</summary>
internal sealed class RequiredDatabaseValidator<TDataSource>(IServiceProvider services, string storageName, string registration)
    : IConfigurationValidator
    where TDataSource : class
{
    public void ValidateConfiguration()
    {
        try
        {
            RequiredDatabase.Resolve<TDataSource>(services, storageName, registration);
        }
        catch (InvalidOperationException e)
        {
            throw new OrleansConfigurationException(e.Message, e);
        }
    }
}
