using System.CommandLine;
using GrainChain.Cli.Commands;

namespace GrainChain.Cli;

/// <summary>Entry point of the <c>grainchain</c> console.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => BuildRoot(Console.Out, Console.Error).Parse(args).InvokeAsync();

    /// <summary>The command tree, writing to the given streams (tests pass their own).</summary>
    public static RootCommand BuildRoot(TextWriter output, TextWriter errors)
    {
        var root = new RootCommand("GrainChain: a ledger whose nodes are virtual actors.");
        root.Subcommands.Add(KeyCommands.Create(output, errors));
        root.Subcommands.Add(HeaderCommands.Create(output, errors));
        root.Subcommands.Add(DemoCommand.Create(output, errors));
        return root;
    }
}
