namespace GrainChain.Runtime.Serialization;

/// <summary>The .NET exceptions rebuilt as themselves after crossing a call; any other unregistered type becomes <see cref="RemoteGrainException"/>.</summary>
internal static class KnownExceptions
{
    public static IReadOnlyDictionary<string, Func<string, Exception?, Exception>> Factories { get; } =
        new Dictionary<string, Func<string, Exception?, Exception>>(StringComparer.Ordinal)
        {
            [typeof(Exception).FullName!] = static (m, i) => new Exception(m, i),
            [typeof(InvalidOperationException).FullName!] = static (m, i) => new InvalidOperationException(m, i),
            [typeof(ArgumentException).FullName!] = static (m, i) => new ArgumentException(m, i),
            [typeof(ArgumentNullException).FullName!] = static (m, i) => new ArgumentNullException(m, i),
            [typeof(ArgumentOutOfRangeException).FullName!] = static (m, i) => new ArgumentOutOfRangeException(m, i),
            [typeof(NotSupportedException).FullName!] = static (m, i) => new NotSupportedException(m, i),
            [typeof(NotImplementedException).FullName!] = static (m, i) => new NotImplementedException(m, i),
            [typeof(TimeoutException).FullName!] = static (m, i) => new TimeoutException(m, i),
            [typeof(KeyNotFoundException).FullName!] = static (m, i) => new KeyNotFoundException(m, i),
            [typeof(FormatException).FullName!] = static (m, i) => new FormatException(m, i),
            [typeof(OperationCanceledException).FullName!] = static (m, i) => new OperationCanceledException(m, i),
            [typeof(TaskCanceledException).FullName!] = static (m, i) => new TaskCanceledException(m, i),
            [typeof(UnauthorizedAccessException).FullName!] = static (m, i) => new UnauthorizedAccessException(m, i),
            [typeof(InvalidCastException).FullName!] = static (m, i) => new InvalidCastException(m, i),
            [typeof(OverflowException).FullName!] = static (m, i) => new OverflowException(m, i),
            [typeof(DivideByZeroException).FullName!] = static (m, i) => new DivideByZeroException(m, i),
            [typeof(NullReferenceException).FullName!] = static (m, i) => new NullReferenceException(m, i),
            [typeof(IndexOutOfRangeException).FullName!] = static (m, i) => new IndexOutOfRangeException(m, i),
            [typeof(IOException).FullName!] = static (m, i) => new IOException(m, i),
            [typeof(AggregateException).FullName!] = static (m, i) => i is null ? new AggregateException(m) : new AggregateException(m, i),
            [typeof(GrainSerializationException).FullName!] = static (m, i) => i is null ? new GrainSerializationException(m) : new GrainSerializationException(m, i),
        };
}
