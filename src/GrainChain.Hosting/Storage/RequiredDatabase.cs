using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Hosting.Storage;

/// <summary>Finds the database a GrainChain storage provider writes to, or says how to register one.</summary>
internal static class RequiredDatabase
{
    public static TDataSource Resolve<TDataSource>(IServiceProvider services, string storageName, string registration)
        where TDataSource : class =>
        services.GetService<TDataSource>() ?? throw new InvalidOperationException(
            $"GrainChain grain storage '{storageName}' needs a {typeof(TDataSource).Name} in the silo's services, and none is " +
            $"registered: call services.{registration}(...) when configuring the silo.");
}
