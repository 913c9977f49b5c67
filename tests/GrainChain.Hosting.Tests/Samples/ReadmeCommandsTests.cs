using System.Text.RegularExpressions;

namespace GrainChain.Hosting.Tests.Samples;

/// <summary>The README's two commands are real: CI runs the test command it prints, and the main command's project exists.</summary>
public sealed partial class ReadmeCommandsTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void Ci_runs_exactly_the_test_command_the_readme_prints()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var section = readme[readme.IndexOf("## Run the tests", StringComparison.Ordinal)..];
        var command = CodeBlock().Match(section).Groups["code"].Value.Trim();
        var ci = File.ReadAllLines(Path.Combine(Root, ".ci", "run"));

        Assert.Equal("dotnet test GrainChain.sln -c Release", command);
        // The line CI executes starts with the README's command (its output is only teed to a log).
        Assert.Contains(ci, line => line.TrimStart().StartsWith(command + " ", StringComparison.Ordinal) || line.Trim() == command);
    }

    [Fact]
    public void The_readme_main_command_names_a_project_of_the_solution()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var section = readme[readme.IndexOf("## Try it", StringComparison.Ordinal)..];
        var command = CodeBlock().Match(section).Groups["code"].Value.Trim();
        var project = Regex.Match(command, @"--project (?<p>\S+)").Groups["p"].Value;

        Assert.StartsWith("dotnet run --project ", command, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(Root, project)), $"the README's main command runs '{project}', which does not exist");
        Assert.Contains(project.Replace('/', '\\'), File.ReadAllText(Path.Combine(Root, "GrainChain.sln")), StringComparison.Ordinal);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GrainChain.sln"))) return dir.FullName;
        throw new InvalidOperationException("the repository root (with GrainChain.sln) is not above the test's folder");
    }

    [GeneratedRegex(@"```[a-z]*\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
