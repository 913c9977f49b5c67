using FsCheck;
using FsCheck.Fluent;
using GrainChain.Runtime.Messaging;

namespace GrainChain.Runtime.Tests.Messaging;

public sealed class MessageHeaderCodecTests
{
    private static readonly Gen<string> Texts =
        Gen.Elements("", "a", "account", "ü-ß", "日本語", "emoji 😀", new string('k', 300), new string('é', 1000), "sys.directory", "127.0.0.1:1@5")
            .SelectMany(a => ArbMap.Default.GeneratorFor<NonNull<string>>().Select(s => s.Get), (a, b) => (a, b))
            .SelectMany(_ => Gen.Choose(0, 1), (p, pick) => pick == 0 ? p.a : p.b)
            .Where(s => !HasLoneSurrogate(s));

    private static readonly Gen<MessageHeader> Headers =
        from kind in Gen.Elements(Enum.GetValues<MessageKind>())
        from flags in Gen.Elements(MessageFlags.None, MessageFlags.OneWay, MessageFlags.AlwaysInterleave, MessageFlags.OneWay | MessageFlags.AlwaysInterleave)
        from callId in ArbMap.Default.GeneratorFor<long>()
        from type in Texts.Where(t => t.Length > 0 && System.Text.Encoding.UTF8.GetByteCount(t) <= 256)
        from key in Texts
        from interfaceId in ArbMap.Default.GeneratorFor<uint>()
        from methodId in ArbMap.Default.GeneratorFor<ushort>()
        from hops in ArbMap.Default.GeneratorFor<byte>()
        from timeout in Gen.Choose(0, int.MaxValue)
        from reason in Gen.Elements(RejectionReason.Transient, RejectionReason.Unrecoverable, RejectionReason.Overloaded)
        select kind switch
        {
            MessageKind.Request => new MessageHeader
            {
                Kind = kind, Flags = flags, CallId = callId, Target = new GrainId(new GrainType(type), key),
                InterfaceId = interfaceId, MethodId = methodId, HopCount = hops, TimeoutMilliseconds = timeout,
            },
            MessageKind.Rejection => new MessageHeader { Kind = kind, Flags = flags, CallId = callId, Rejection = reason },
            _ => new MessageHeader { Kind = kind, Flags = flags, CallId = callId },
        };

    [Fact]
    public void Every_valid_header_round_trips_within_its_size_bound()
    {
        Prop.ForAll(Headers.ToArbitrary(), header =>
        {
            var buffer = new byte[MessageHeaderCodec.GetMaxEncodedLength(header)];
            int written = MessageHeaderCodec.Write(header, buffer);
            var read = MessageHeaderCodec.Read(buffer.AsSpan(0, written));
            return read == header && read.Target.GetUniformHashCode() == header.Target.GetUniformHashCode();
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_connection_s_type_name_cache_reuses_strings_without_mixing_names()
    {
        var cache = new GrainTypeNameCache();
        MessageHeader Decode(string type, string key)
        {
            var header = new MessageHeader { Kind = MessageKind.Request, Target = new GrainId(new GrainType(type), key) };
            var buffer = new byte[MessageHeaderCodec.GetMaxEncodedLength(header)];
            return MessageHeaderCodec.Read(buffer.AsSpan(0, MessageHeaderCodec.Write(header, buffer)), cache);
        }

        var first = Decode("account", "a");
        var second = Decode("account", "b");
        var other = Decode("accounts", "a");
        var unicode = Decode("компания", "a");

        Assert.Same(first.Target.Type.Name, second.Target.Type.Name);
        Assert.Equal("accounts", other.Target.Type.Name);
        Assert.Equal("компания", unicode.Target.Type.Name);
        Assert.Same(unicode.Target.Type.Name, Decode("компания", "z").Target.Type.Name);
        Assert.Equal("b", second.Target.Key);
    }

    [Fact]
    public void Random_bytes_decode_or_fail_with_a_protocol_exception_only()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            try
            {
                MessageHeaderCodec.Read(bytes);
            }
            catch (MessagingProtocolException)
            {
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Mutated_valid_headers_decode_or_fail_with_a_protocol_exception_only()
    {
        var mutations =
            from header in Headers
            from position in Gen.Choose(0, 10_000)
            from value in ArbMap.Default.GeneratorFor<byte>()
            from cut in Gen.Choose(0, 3)
            select (header, position, value, cut);
        Prop.ForAll(mutations.ToArbitrary(), m =>
        {
            var buffer = new byte[MessageHeaderCodec.GetMaxEncodedLength(m.header)];
            int written = MessageHeaderCodec.Write(m.header, buffer);
            buffer[m.position % written] = m.value;
            try
            {
                MessageHeaderCodec.Read(buffer.AsSpan(0, Math.Max(0, written - m.cut)));
            }
            catch (MessagingProtocolException)
            {
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Keys_that_share_a_cache_slot_never_come_back_as_each_other()
    {
        // Far more keys than the key cache has slots, decoded twice over: every slot is shared by several keys.
        var cache = new GrainTypeNameCache();
        var keys = Enumerable.Range(0, 5_000).Select(i => $"key-{i}").Append(new string('x', 65)).ToArray();
        for (int round = 0; round < 2; round++)
        {
            foreach (var key in keys)
            {
                var header = new MessageHeader { Kind = MessageKind.Request, Target = new GrainId(new GrainType("account"), key) };
                var buffer = new byte[MessageHeaderCodec.GetMaxEncodedLength(header)];
                Assert.Equal(key, MessageHeaderCodec.Read(buffer.AsSpan(0, MessageHeaderCodec.Write(header, buffer)), cache).Target.Key);
            }
        }
    }

    [Fact]
    public void A_connection_s_caches_never_change_what_mutated_headers_decode_to()
    {
        // One cache across every sample, as one connection's read loop keeps it: keys and names that collide in its
        // slots, overlong ones that bypass it and broken bytes must decode exactly as without any cache.
        var cache = new GrainTypeNameCache();
        var mutations =
            from header in Headers
            from position in Gen.Choose(0, 10_000)
            from value in ArbMap.Default.GeneratorFor<byte>()
            from mutate in Gen.Choose(0, 1)
            select (header, position, value, mutate);
        Prop.ForAll(mutations.ToArbitrary(), m =>
        {
            var buffer = new byte[MessageHeaderCodec.GetMaxEncodedLength(m.header)];
            int written = MessageHeaderCodec.Write(m.header, buffer);
            if (m.mutate == 1)
            {
                buffer[m.position % written] = m.value;
            }
            var bytes = buffer.AsSpan(0, written).ToArray();
            string Decode(GrainTypeNameCache? with)
            {
                try
                {
                    var header = MessageHeaderCodec.Read(bytes, with);
                    return $"{header} {header.Target.Type.Name}/{header.Target.Key}";
                }
                catch (MessagingProtocolException failure)
                {
                    return failure.Message;
                }
            }
            return Decode(cache) == Decode(null);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(new byte[] { 9, 0, 1 }, "kind")]
    [InlineData(new byte[] { 2, 0x80, 1 }, "flags")]
    [InlineData(new byte[] { 2, 0, 0x80 }, "call id")]
    [InlineData(new byte[] { 2, 0, 1, 7 }, "after its last field")]
    [InlineData(new byte[] { 4, 0, 1, 0 }, "rejection reason")]
    [InlineData(new byte[] { 4, 0, 1 }, "rejection reason")]
    [InlineData(new byte[] { 1, 0, 1, 0 }, "grain type")]
    [InlineData(new byte[] { 1, 0, 1, 0xFF, 0x0F }, "grain type")]
    [InlineData(new byte[] { 1, 0, 1, 1, (byte)'a', 5 }, "grain key")]
    [InlineData(new byte[] { 1, 0, 1, 1, 0xFF, 0 }, "UTF-8")]
    [InlineData(new byte[] { 1, 0, 1, 1, (byte)'a', 0, 1, 2 }, "interface id")]
    [InlineData(new byte[] { 1, 0, 1, 1, (byte)'a', 0, 1, 2, 3, 4, 5, 6, 7, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, "timeout")]
    public void Bad_headers_name_the_field(byte[] bytes, string field)
    {
        var failure = Assert.Throws<MessagingProtocolException>(() => MessageHeaderCodec.Read(bytes));
        Assert.Contains(field, failure.Message);
    }

    [Fact]
    public void Overlong_grain_keys_are_refused_when_writing()
    {
        var header = new MessageHeader { Kind = MessageKind.Request, Target = new GrainId(new GrainType("t"), new string('k', 3000)) };
        var buffer = new byte[MessageHeaderCodec.GetMaxEncodedLength(header)];

        var failure = Assert.Throws<ArgumentException>(() => MessageHeaderCodec.Write(header, buffer));
        Assert.Contains("grain key", failure.Message);
    }

    [Fact]
    public void Small_values_take_few_bytes()
    {
        var pong = new MessageHeader { Kind = MessageKind.Response, CallId = 100 };
        Span<byte> buffer = stackalloc byte[MessageHeaderCodec.GetMaxEncodedLength(pong)];
        Assert.Equal(3, MessageHeaderCodec.Write(pong, buffer));
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return true;
            }
        }
        return false;
    }
}
