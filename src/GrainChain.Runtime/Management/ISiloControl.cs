namespace GrainChain.Runtime.Management;

/// <summary>The management face of one silo: a system target keyed by the silo's address.</summary>
internal interface ISiloControl : IGrainWithStringKey
{
    Task<SiloRuntimeStatistics> GetStatisticsAsync();
}
