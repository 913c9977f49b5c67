namespace GrainChain.Hosting.Schema;

/// <summary>Decides, from the versions a database records, which embedded scripts to run, or why it must not be used.</summary>
internal static class SchemaPlan
{
    /// <summary>The scripts still to apply, in order; throws if the database was written by a newer GrainChain.</summary>
    public static IReadOnlyList<SchemaScript> Pending(
        DatabaseKind kind, IReadOnlyDictionary<string, int> recorded, string databaseName)
    {
        var known = SchemaScripts.KnownVersions(kind);
        foreach (var (component, version) in recorded)
        {
            if (!known.TryGetValue(component, out var knownVersion))
                throw new GrainChainDatabaseException(
                    $"{databaseName} has schema component '{component}' (version {version}), which this GrainChain build does not know: it was written by a newer GrainChain. Use that version, or another database.");
            if (version > knownVersion)
                throw new GrainChainDatabaseException(
                    $"{databaseName} has '{component}' schema version {version}; this GrainChain build knows up to {knownVersion}: it was written by a newer GrainChain. Use that version, or another database.");
        }

        return SchemaScripts.For(kind)
            .Where(s => s.Version > recorded.GetValueOrDefault(s.Component))
            .ToList();
    }
}
