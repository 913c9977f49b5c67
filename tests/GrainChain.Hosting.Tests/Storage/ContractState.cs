namespace GrainChain.Hosting.Tests.Storage;

/// <summary>The state the storage contract writes: serializable by Orleans (SQL stores) and by JSON (memory store).</summary>
[GenerateSerializer]
public sealed class ContractState
{
    [Id(0)] public string Text { get; set; } = "";

    [Id(1)] public long Number { get; set; }

    [Id(2)] public byte[] Blob { get; set; } = [];
}
