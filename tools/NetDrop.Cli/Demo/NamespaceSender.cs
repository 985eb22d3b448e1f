using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using NetDrop.Kernel;

namespace NetDrop.Cli.Demo;

/// <summary>
/// Sends the demo's datagrams from a thread that has entered the sender namespace (setns changes
/// only the calling thread). Its thread id is what the tracepoint records as common_pid for the
/// drops it causes, so the demo can ask the kernel for exactly those.
/// </summary>
internal sealed class NamespaceSender : IDisposable
{
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _ready = new();
    private readonly ManualResetEventSlim _go = new();
    private readonly IReadOnlyList<DropKind> _kinds;
    private readonly int _perKind;
    private readonly TimeSpan _duration;
    private readonly CancellationToken _cancellation;
    private Exception? _failure;

    public NamespaceSender(string ns, IReadOnlyList<DropKind> kinds, int perKind, TimeSpan duration, CancellationToken cancellation)
    {
        _kinds = kinds;
        _perKind = perKind;
        _duration = duration;
        _cancellation = cancellation;
        Sent = new int[kinds.Count];
        _thread = new Thread(() => Run(ns)) { IsBackground = true, Name = "netdrop demo sender" };
        _thread.Start();
        if (!_ready.Wait(TimeSpan.FromSeconds(10)) || _failure is not null)
        {
            throw new InvalidOperationException($"the sender could not enter namespace {ns}: {_failure?.Message ?? "timed out"}");
        }
    }

    /// <summary>The sending thread's id (common_pid in tracefs).</summary>
    public int ThreadId { get; private set; }

    /// <summary>Datagrams sent so far, per kind.</summary>
    public int[] Sent { get; }

    public bool Finished => !_thread.IsAlive;

    public Exception? Failure => _failure;

    public void Go() => _go.Set();

    public void Dispose()
    {
        _go.Set();
        _thread.Join(TimeSpan.FromSeconds(10));
        _ready.Dispose();
        _go.Dispose();
    }

    private void Run(string ns)
    {
        try
        {
            using NetworkNamespaceEntry entry = NetworkNamespaceEntry.EnterNamed(ns);
            ThreadId = entry.ThreadId;
            _ready.Set();
            _go.Wait(_cancellation);
            Send();
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            _failure = e;
            _ready.Set();
        }
    }

    /// <summary>One datagram of each kind per round, rounds spread evenly over the duration.</summary>
    private void Send()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var targets = new IPEndPoint[_kinds.Count];
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = new IPEndPoint(IPAddress.Parse(_kinds[i].Address), _kinds[i].Port);
        }

        byte[] payload = "netdrop demo"u8.ToArray();
        var clock = Stopwatch.StartNew();
        for (int round = 0; round < _perKind && !_cancellation.IsCancellationRequested; round++)
        {
            for (int i = 0; i < targets.Length; i++)
            {
                socket.SendTo(payload, targets[i]);
                Sent[i]++;
            }

            TimeSpan due = _duration * (round + 1) / _perKind;
            if (due > clock.Elapsed)
            {
                Thread.Sleep(due - clock.Elapsed);
            }
        }
    }
}
