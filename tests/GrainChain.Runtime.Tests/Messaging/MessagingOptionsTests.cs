using GrainChain.Runtime.Messaging;

namespace GrainChain.Runtime.Tests.Messaging;

public sealed class MessagingOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_once_a_cluster_id_is_set()
    {
        var options = new MessagingOptions { ClusterId = "c" };

        options.Validate();
        Assert.Equal(16 * 1024 * 1024, options.MaxFrameBytes);
        Assert.Equal(8 * 1024, options.MaxHeaderBytes);
        Assert.Equal(64L * 1024 * 1024, options.MaxOutboundQueueBytes);
        Assert.Equal(TimeSpan.FromSeconds(5), options.HandshakeTimeout);
    }

    [Theory]
    [InlineData("ClusterId")]
    [InlineData("MaxHeaderBytes")]
    [InlineData("MaxFrameBytes")]
    [InlineData("MaxOutboundQueueBytes")]
    [InlineData("HandshakeTimeout")]
    [InlineData("ReconnectBackoffMax")]
    [InlineData("MaxPendingHandshakes")]
    public void Invalid_settings_are_named(string setting)
    {
        var options = new MessagingOptions { ClusterId = "c" };
        switch (setting)
        {
            case "ClusterId": options.ClusterId = ""; break;
            case "MaxHeaderBytes": options.MaxHeaderBytes = 70_000; break;
            case "MaxFrameBytes": options.MaxFrameBytes = 100; break;
            case "MaxOutboundQueueBytes": options.MaxOutboundQueueBytes = 1000; break;
            case "HandshakeTimeout": options.HandshakeTimeout = TimeSpan.Zero; break;
            case "ReconnectBackoffMax": options.ReconnectBackoffMax = TimeSpan.FromTicks(1); break;
            case "MaxPendingHandshakes": options.MaxPendingHandshakes = 0; break;
        }

        var failure = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(setting, failure.Message);
    }
}
