using GrainChain.Runtime.Streams;

namespace GrainChain.Runtime.Tests.Streams;

public sealed class RedeliveryFilterTests
{
    [Fact]
    public void Repeats_and_older_events_of_a_producer_are_refused_and_producers_are_independent()
    {
        var filter = new RedeliveryFilter();
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();

        Assert.True(filter.Accept(new StreamSequenceToken(a, 1)));
        Assert.True(filter.Accept(new StreamSequenceToken(a, 2)));
        Assert.False(filter.Accept(new StreamSequenceToken(a, 2)));
        Assert.False(filter.Accept(new StreamSequenceToken(a, 1)));
        Assert.True(filter.Accept(new StreamSequenceToken(b, 1)));
        Assert.True(filter.Accept(new StreamSequenceToken(a, 3)));
        Assert.True(filter.Accept(null));
    }

    [Fact]
    public void Replaying_a_redelivered_suffix_lets_through_exactly_the_unseen_events()
    {
        var random = new Random(7);
        var producer = Guid.NewGuid();
        for (int round = 0; round < 200; round++)
        {
            var filter = new RedeliveryFilter();
            var accepted = new List<long>();
            long next = 1;
            while (next <= 50)
            {
                // Deliver a run, then (sometimes) redeliver part of it, as a retried delivery does.
                long runEnd = Math.Min(50, next + random.Next(1, 8));
                for (long s = next; s <= runEnd; s++)
                {
                    if (filter.Accept(new StreamSequenceToken(producer, s)))
                    {
                        accepted.Add(s);
                    }
                }
                next = random.Next(3) == 0 ? Math.Max(1, runEnd - random.Next(0, 5)) : runEnd + 1;
                if (next <= runEnd)
                {
                    for (long s = next; s <= runEnd; s++)
                    {
                        Assert.False(filter.Accept(new StreamSequenceToken(producer, s)));
                    }
                    next = runEnd + 1;
                }
            }
            Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), accepted);
        }
    }

    [Fact]
    public void The_producer_heard_from_longest_ago_is_forgotten_first()
    {
        var filter = new RedeliveryFilter(maxProducers: 2);
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var c = Guid.NewGuid();
        filter.Accept(new StreamSequenceToken(a, 5));
        filter.Accept(new StreamSequenceToken(b, 5));
        filter.Accept(new StreamSequenceToken(a, 6));
        filter.Accept(new StreamSequenceToken(c, 1));

        Assert.Equal(2, filter.ProducerCount);
        Assert.False(filter.Accept(new StreamSequenceToken(a, 6)));
        // b was forgotten, so its old event looks new again.
        Assert.True(filter.Accept(new StreamSequenceToken(b, 5)));
    }
}
