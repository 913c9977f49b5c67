using System.CommandLine;
using GrainChain.Cli.Cluster;
using GrainChain.Cli.Cluster.Local;
using GrainChain.Cli.Commands;

namespace GrainChain.Cli;

/// <summary>Entry point of the <c>grainchain</c> console.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>Parses and runs one command line, writing to the given streams; returns the exit code (tests call this).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default) =>
        BuildRoot(output, errors).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = errors }, cancellationToken);

    /// <summary>The command tree, writing to the given streams (tests pass their own).</summary>
    public static RootCommand BuildRoot(TextWriter output, TextWriter errors)
    {
        var root = new RootCommand("GrainChain: a ledger whose nodes are virtual actors.");
        root.Subcommands.Add(KeyCommands.Create(output, errors));
        root.Subcommands.Add(WalletCommands.Create(output, errors));
        root.Subcommands.Add(HeaderCommands.Create(output, errors));
        root.Subcommands.Add(DemoCommand.Create(output, errors));
        foreach (var command in ClusterCommands.Create(output, errors)) root.Subcommands.Add(command);
        root.Subcommands.Add(WatchCommand.Create(output, errors));
        foreach (var command in LocalCommands.Create(output, errors)) root.Subcommands.Add(command);
        return root;
    }
}
