using Spectre.Console;

namespace GrainChain.Cli.Cluster;

/// <summary>A Spectre.Console console over the command's output: live progress on a terminal, plain lines elsewhere.</summary>
internal static class CliConsole
{
    public static IAnsiConsole Create(TextWriter output)
    {
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // Redirected output is read by programs: never wrap a line of hashes.
        if (!terminal) console.Profile.Width = 4096;
        return console;
    }
}
