using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace GrainChain.Benchmarks.Nodes;

/// <summary>
/// "Per block": a benchmark's mean divided by the block count in one of its parameters, for the benchmark methods
/// named (the others show "-"). For suites whose block count is a parameter, where OperationsPerInvoke cannot be used.
/// </summary>
internal sealed class PerBlockColumn(string blocksParameter, params string[] methods) : IColumn
{
    public string Id => $"{nameof(PerBlockColumn)}.{blocksParameter}";

    public string ColumnName => "Per block";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Time;

    public string Legend => $"Mean divided by {blocksParameter}, the number of blocks the operation accepts";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (!methods.Contains(benchmarkCase.Descriptor.WorkloadMethod.Name)) return "-";
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        var blocks = Convert.ToDouble(benchmarkCase.Parameters[blocksParameter], CultureInfo.InvariantCulture);
        if (mean is not { } nanoseconds || blocks <= 0) return "NA";
        return FormattableString.Invariant($"{nanoseconds / blocks / 1_000:N1} μs");
    }

    public override string ToString() => ColumnName;
}
