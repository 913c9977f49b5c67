using System.Reflection;

namespace GrainChain.Runtime.Metadata;

/// <summary>
/// Finds generated registries once at startup: in assemblies named explicitly and in every loaded assembly (and
/// the assemblies they reference) that references the runtime. Nothing is scanned per call.
/// </summary>
internal static class GrainAssemblyDiscovery
{
    private static readonly string RuntimeAssemblyName = typeof(IGrain).Assembly.GetName().Name!;

    public static IReadOnlyList<IGrainRegistry> FindRegistries(IEnumerable<Assembly> explicitAssemblies, bool scanLoadedAssemblies)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>(explicitAssemblies);
        if (scanLoadedAssemblies)
        {
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                pending.Enqueue(assembly);
            }
            if (Assembly.GetEntryAssembly() is { } entry)
            {
                pending.Enqueue(entry);
            }
        }

        var registries = new List<IGrainRegistry>();
        while (pending.TryDequeue(out var assembly))
        {
            if (assembly.IsDynamic || !seen.Add(assembly.FullName ?? assembly.GetName().Name!))
            {
                continue;
            }
            bool isRuntime = assembly == typeof(IGrain).Assembly;
            var references = assembly.GetReferencedAssemblies();
            if (!isRuntime && !references.Any(r => r.Name == RuntimeAssemblyName))
            {
                continue;
            }
            foreach (var attribute in assembly.GetCustomAttributes<GrainRegistryAttribute>())
            {
                registries.Add((IGrainRegistry)Activator.CreateInstance(attribute.RegistryType)!);
            }
            foreach (var reference in references)
            {
                if (seen.Contains(reference.FullName))
                {
                    continue;
                }
                try
                {
                    pending.Enqueue(Assembly.Load(reference));
                }
                catch (Exception exception) when (exception is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // A reference that is not deployed cannot hold grains we could run.
                }
            }
        }
        return registries;
    }
}
