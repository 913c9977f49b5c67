namespace GrainChain.Cli.Tests;

/// <summary>Runs the console's entry point in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exitCode = await Program.RunAsync(args, output, errors);
        return (exitCode, output.ToString(), errors.ToString());
    }
}
