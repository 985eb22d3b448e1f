using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace NetDrop.Analyzers.Operations;

/// <summary>
/// Whether one call can run before another in one run of a method, on Roslyn's control-flow graph:
/// the two branches of an if and two sections of a switch never run one after the other, a call in a
/// local function runs where the function is called (in call order, not declaration order), and a
/// barrier on the way (a ring removed, monitoring stopped) cuts the path. Loops' back edges are not
/// followed: the next iteration is usually another socket or request. A call inside a lambda runs at
/// a time the method does not show, so it is ordered with nothing.
/// </summary>
/// <remarks>
/// Graphs are built only when asked, which the rules do only for methods holding both calls of a pair,
/// and kept per member for the compilation's lifetime (one graph serves every pair of a method).
/// </remarks>
internal static class RunOrder
{
    private const int MaxLocalFunctionDepth = 3;

    // Per compilation: a tree kept between compilations (an IDE edit elsewhere) is bound anew.
    private static readonly ConditionalWeakTable<Compilation, ConditionalWeakTable<SyntaxNode, Entry>> Graphs = new();

    public static bool CanPrecede(IOperation first, IOperation second, IReadOnlyList<IOperation> barriers, CancellationToken cancellationToken)
    {
        if (first.SemanticModel is not { } model || Member(first.Syntax) is not { } member || Member(second.Syntax) != member)
        {
            return false;
        }

        ControlFlowGraph? graph = Graph(member, model, cancellationToken);
        if (graph is null)
        {
            return false;
        }

        List<SyntaxNode> from = Sites(first.Syntax, member, 0);
        List<SyntaxNode> to = Sites(second.Syntax, member, 0);
        var cuts = new List<SyntaxNode>();
        foreach (IOperation barrier in barriers)
        {
            cuts.AddRange(Sites(barrier.Syntax, member, 0));
        }

        foreach (SyntaxNode start in from)
        {
            foreach (SyntaxNode end in to)
            {
                if (Reaches(graph, start, end, cuts))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The member whose body holds the node (a method, constructor, accessor, operator).</summary>
    private static SyntaxNode? Member(SyntaxNode node)
    {
        for (SyntaxNode? current = node; current is not null; current = current.Parent)
        {
            if (current is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or (PropertyDeclarationSyntax { ExpressionBody: not null }))
            {
                return current;
            }
        }

        return null;
    }

    private static ControlFlowGraph? Graph(SyntaxNode member, SemanticModel model, CancellationToken cancellationToken) =>
        Graphs.GetValue(model.Compilation, static _ => new ConditionalWeakTable<SyntaxNode, Entry>()).GetValue(member, m =>
        {
            try
            {
                return new Entry(ControlFlowGraph.Create(m, model, cancellationToken));
            }
            catch (System.ArgumentException)
            {
                // Not a body the graph builder takes (an abstract or extern member has none).
                return new Entry(null);
            }
        }).Graph;

    private sealed class Entry
    {
        public Entry(ControlFlowGraph? graph) => Graph = graph;

        public ControlFlowGraph? Graph { get; }
    }

    /// <summary>
    /// Where in the member's own body a node runs: the node itself, or, inside a local function, every
    /// call of that function (through nested local functions); nowhere inside a lambda.
    /// </summary>
    private static List<SyntaxNode> Sites(SyntaxNode node, SyntaxNode member, int depth)
    {
        var sites = new List<SyntaxNode>();
        for (SyntaxNode? current = node.Parent; current is not null && current != member; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax)
            {
                return sites;
            }

            if (current is LocalFunctionStatementSyntax local)
            {
                if (depth >= MaxLocalFunctionDepth)
                {
                    return sites;
                }

                foreach (SyntaxNode call in member.DescendantNodes())
                {
                    if (call is InvocationExpressionSyntax { Expression: IdentifierNameSyntax name } invocation
                        && name.Identifier.ValueText == local.Identifier.ValueText
                        && !local.Span.Contains(invocation.Span))
                    {
                        sites.AddRange(Sites(invocation, member, depth + 1));
                    }
                }

                return sites;
            }
        }

        sites.Add(node);
        return sites;
    }

    private static bool Reaches(ControlFlowGraph graph, SyntaxNode start, SyntaxNode end, List<SyntaxNode> cuts)
    {
        if (Locate(graph, start) is not { } from || Locate(graph, end) is not { } to)
        {
            return false;
        }

        var cutPlaces = new List<(int Block, int Index, int Position)>();
        foreach (SyntaxNode cut in cuts)
        {
            if (Locate(graph, cut) is { } place)
            {
                cutPlaces.Add(place);
            }
        }

        if (from.Block == to.Block && Before(from, to))
        {
            return !Cut(cutPlaces, from.Block, from, to);
        }

        // Leaving the first block: nothing may cut after the start.
        if (Cut(cutPlaces, from.Block, from, null))
        {
            return false;
        }

        var seen = new HashSet<int> { from.Block };
        var queue = new Queue<BasicBlock>();
        Enqueue(graph, graph.Blocks[from.Block], queue, seen);
        while (queue.Count > 0)
        {
            BasicBlock block = queue.Dequeue();
            if (block.Ordinal == to.Block)
            {
                if (!Cut(cutPlaces, block.Ordinal, null, to))
                {
                    return true;
                }

                continue;
            }

            if (!Cut(cutPlaces, block.Ordinal, null, null))
            {
                Enqueue(graph, block, queue, seen);
            }
        }

        return false;
    }

    private static void Enqueue(ControlFlowGraph graph, BasicBlock block, Queue<BasicBlock> queue, HashSet<int> seen)
    {
        foreach (ControlFlowBranch? branch in new[] { block.FallThroughSuccessor, block.ConditionalSuccessor })
        {
            // Forward edges only: a back edge is the loop's next iteration.
            if (branch is null)
            {
                continue;
            }

            if (branch.Destination is { } next && next.Ordinal > block.Ordinal && seen.Add(next.Ordinal))
            {
                queue.Enqueue(next);
            }

            // Leaving a try runs its finally, which the graph keeps as a region rather than an edge.
            foreach (ControlFlowRegion region in branch.FinallyRegions)
            {
                if (region.FirstBlockOrdinal > block.Ordinal && seen.Add(region.FirstBlockOrdinal))
                {
                    queue.Enqueue(graph.Blocks[region.FirstBlockOrdinal]);
                }
            }
        }
    }

    private static bool Before((int Block, int Index, int Position) a, (int Block, int Index, int Position) b) =>
        a.Index < b.Index || (a.Index == b.Index && a.Position < b.Position);

    /// <summary>A cut in the block, after <paramref name="after"/> and before <paramref name="before"/> when given.</summary>
    private static bool Cut(List<(int Block, int Index, int Position)> cuts, int block, (int Block, int Index, int Position)? after, (int Block, int Index, int Position)? before)
    {
        foreach ((int Block, int Index, int Position) cut in cuts)
        {
            if (cut.Block == block && (after is null || Before(after.Value, cut)) && (before is null || Before(cut, before.Value)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The block and operation that run the node: the one whose syntax holds it most closely.</summary>
    private static (int Block, int Index, int Position)? Locate(ControlFlowGraph graph, SyntaxNode node)
    {
        (int Block, int Index, int Position)? best = null;
        int bestLength = int.MaxValue;
        foreach (BasicBlock block in graph.Blocks)
        {
            for (int i = 0; i <= block.Operations.Length; i++)
            {
                IOperation? operation = i < block.Operations.Length ? block.Operations[i] : block.BranchValue;
                if (operation is null || !operation.Syntax.Span.Contains(node.Span) || operation.Syntax.Span.Length >= bestLength)
                {
                    continue;
                }

                if (!Holds(operation, node))
                {
                    continue;
                }

                best = (block.Ordinal, i, node.SpanStart);
                bestLength = operation.Syntax.Span.Length;
            }
        }

        return best;
    }

    /// <summary>True when the node is the operation's syntax or that of one of its descendants (not a synthesized wrapper's span only).</summary>
    private static bool Holds(IOperation operation, SyntaxNode node)
    {
        if (operation.Syntax == node)
        {
            return true;
        }

        foreach (IOperation descendant in operation.Descendants())
        {
            if (descendant.Syntax == node)
            {
                return true;
            }
        }

        return false;
    }
}
