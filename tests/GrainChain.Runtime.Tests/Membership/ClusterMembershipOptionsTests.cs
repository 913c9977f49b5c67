using GrainChain.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Tests.Membership;

public sealed class ClusterMembershipOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_fit_the_ten_second_detection_budget()
    {
        var options = new ClusterMembershipOptions();

        Assert.Empty(options.Validate());
        // Worst case from the last answered probe: a round starts within one period, the limit-th round ends one
        // timeout after it starts, then one refresh period until every silo reads the death.
        var detection = options.ProbePeriod * options.NumMissedProbesLimit + options.ProbeTimeout + options.TableRefreshPeriod;
        Assert.True(detection <= TimeSpan.FromSeconds(10), $"worst-case detection {detection}");
        Assert.True(options.DeathVoteExpiration > detection);
    }

    [Theory]
    [InlineData(nameof(ClusterMembershipOptions.ProbePeriod))]
    [InlineData(nameof(ClusterMembershipOptions.ProbeTimeout))]
    [InlineData(nameof(ClusterMembershipOptions.DeathVoteExpiration))]
    [InlineData(nameof(ClusterMembershipOptions.IAmAlivePeriod))]
    [InlineData(nameof(ClusterMembershipOptions.TableRefreshPeriod))]
    [InlineData(nameof(ClusterMembershipOptions.ChangeNotificationTimeout))]
    public void Zero_or_huge_intervals_are_refused_naming_the_setting(string setting)
    {
        foreach (var value in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(-1), TimeSpan.FromDays(2) })
        {
            var options = new ClusterMembershipOptions();
            typeof(ClusterMembershipOptions).GetProperty(setting)!.SetValue(options, value);

            Assert.Contains(options.Validate(), failure => failure.Contains(setting, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(nameof(ClusterMembershipOptions.NumMissedProbesLimit), 0)]
    [InlineData(nameof(ClusterMembershipOptions.NumProbedSilos), 0)]
    [InlineData(nameof(ClusterMembershipOptions.NumProbedSilos), MembershipEntry.MaxSuspicionVotes + 1)]
    [InlineData(nameof(ClusterMembershipOptions.NumVotesForDeathDeclaration), 0)]
    [InlineData(nameof(ClusterMembershipOptions.NumVotesForDeathDeclaration), MembershipEntry.MaxSuspicionVotes + 1)]
    public void Out_of_range_counts_are_refused_naming_the_setting(string setting, int value)
    {
        var options = new ClusterMembershipOptions();
        typeof(ClusterMembershipOptions).GetProperty(setting)!.SetValue(options, value);

        Assert.Contains(options.Validate(), failure => failure.Contains(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void Votes_must_outlive_a_probe_period()
    {
        var options = new ClusterMembershipOptions { ProbePeriod = TimeSpan.FromSeconds(10), DeathVoteExpiration = TimeSpan.FromSeconds(10) };

        Assert.Contains(options.Validate(), failure => failure.Contains(nameof(ClusterMembershipOptions.DeathVoteExpiration), StringComparison.Ordinal));
    }

    [Fact]
    public void The_validator_fails_options_at_start_and_the_agent_refuses_them()
    {
        var bad = new ClusterMembershipOptions { NumMissedProbesLimit = 0 };

        var result = new ClusterMembershipOptionsValidator().Validate(Options.DefaultName, bad);

        Assert.True(result.Failed);
        Assert.Contains(nameof(ClusterMembershipOptions.NumMissedProbesLimit), result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new ClusterMembershipOptionsValidator().Validate(Options.DefaultName, new ClusterMembershipOptions()).Succeeded);
        var silo = AgentTestCluster.Silo(1);
        var clock = TimeProvider.System;
        Assert.Throws<OptionsValidationException>(() => new MembershipAgent(
            new InMemoryMembershipTable(new InMemoryMembershipStore(), new InMemoryMembershipOptions()),
            silo, "h", null, bad, new ControlledNetwork(clock).ProberFor(silo), clock, new RecordingLogger<MembershipAgent>()));
    }

    [Fact]
    public async Task Registered_options_carry_the_configuration_and_refuse_bad_settings_when_read()
    {
        await using var good = new ServiceCollection()
            .AddClusterMembershipOptions(o => o.NumProbedSilos = 5)
            .AddClusterMembershipOptions()
            .BuildServiceProvider();
        await using var bad = new ServiceCollection()
            .AddClusterMembershipOptions(o => o.ProbeTimeout = TimeSpan.Zero)
            .BuildServiceProvider();

        Assert.Equal(5, good.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value.NumProbedSilos);
        Assert.Single(good.GetServices<IValidateOptions<ClusterMembershipOptions>>());
        var failure = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value);
        Assert.Contains(nameof(ClusterMembershipOptions.ProbeTimeout), failure.Message, StringComparison.Ordinal);
    }
}
