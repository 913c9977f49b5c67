namespace GrainChain.Hosting.Clustering;

/// <summary>The words a client uses when the database it was given has no membership table yet.</summary>
internal static class ClusteringSchemaMessages
{
    public static string NotInstalled(string database, string reason) =>
        $"{database} {reason}: it has no GrainChain clustering schema yet. A silo installs the schema as it starts and a client never does, so start a silo against this database first, then the client.";
}
