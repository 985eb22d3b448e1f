namespace NetDrop.Bpf.Filter;

/// <summary>
/// One part of a <see cref="KernelFilter"/>: a test on a field, or a combination of parts. A test on a
/// field the drop does not have is false, as in the command's --filter.
/// </summary>
public abstract record KernelFilterNode;

/// <summary>A number field compared with a value, or (<see cref="KernelComparison.In"/>) with a set of values.</summary>
public sealed record KernelNumberTest(KernelFilterField Field, KernelComparison Comparison, uint[] Values) : KernelFilterNode;

/// <summary>
/// The source or destination address in any of some prefixes: false without addresses; with them,
/// inside one is true (false when <paramref name="Negated"/>), inside none false (true when negated).
/// </summary>
public sealed record KernelAddressTest(bool Destination, bool Negated, KernelPrefix[] Prefixes) : KernelFilterNode;

public sealed record KernelAnd(KernelFilterNode[] Operands) : KernelFilterNode;

public sealed record KernelOr(KernelFilterNode[] Operands) : KernelFilterNode;

public sealed record KernelNot(KernelFilterNode Operand) : KernelFilterNode;
