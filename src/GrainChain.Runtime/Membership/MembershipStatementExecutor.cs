namespace GrainChain.Runtime.Membership;

/// <summary>Runs one membership statement with positional parameters ($1, $2, …) on a SQL store; returns the rows it changed.</summary>
internal delegate Task<int> MembershipStatementExecutor(string sql, object?[] values, CancellationToken cancellationToken);
