// ND1012 (CONFIG after START on one client) and ND1013 (START naming neither drop kind).
using System;
using System.Threading;
using System.Threading.Tasks;
using NetDrop.NetDm;

namespace Corpus.NetDmUse;

static class Client
{
    // case: Configure after Start on the library's client
    public static void Late(NetDmClient client)
    {
        client.Start(NetDmDropKinds.Software);
        {|ND1012:client.Configure(truncationLength: 128)|};
    }

    // case: Configure before Start
    public static void Early(NetDmClient client)
    {
        client.Configure(alertMode: NetDmAlertMode.Packet, truncationLength: 128);
        client.Start(NetDmDropKinds.Both);
    }

    // case: Stop, then Configure, then Start again
    public static void Restart(NetDmClient client)
    {
        client.Start();
        client.Stop();
        client.Configure(queueLength: 1000);
        client.Start(NetDmDropKinds.Hardware);
    }

    // case: two clients
    public static void Two(NetDmClient a, NetDmClient b)
    {
        a.Start();
        b.Configure(queueLength: 10);
    }

    // case: async watcher that configures after starting
    public static async Task WatchAsync(NetDmClient client, CancellationToken token)
    {
        client.Start(NetDmDropKinds.Both);
        await client.WaitAsync(token);
        {|ND1012:client.Configure(alertMode: NetDmAlertMode.Summary)|};
    }

    // case: a command dispatcher whose cases build different requests
    public static void Dispatch(NetDmClient client, string command)
    {
        switch (command)
        {
            case "start":
                client.Start(NetDmDropKinds.Both);
                break;
            case "config":
                client.Configure(truncationLength: 64);
                break;
            case "stop":
                client.Stop();
                break;
        }
    }

    // case: a dispatcher as a switch expression of actions
    public static Action Command(NetDmClient client, string name) => name switch
    {
        "start" => () => client.Start(),
        "config" => () => client.Configure(queueLength: 5),
        _ => () => { },
    };

    // case: local functions declared start-first, called configure-first
    public static void Setup(NetDmClient client)
    {
        Configure();
        Begin();

        void Begin() => client.Start(NetDmDropKinds.Both);

        void Configure() => client.Configure(truncationLength: 256);
    }

    // case: start or configure in exclusive branches
    public static void Either(NetDmClient client, bool run)
    {
        if (run)
        {
            client.Start();
        }
        else
        {
            client.Configure(queueLength: 100);
        }
    }
}

static class Requests
{
    // case: generated builders, CONFIG after START
    public static void Late(Span<byte> buffer, ushort family)
    {
        NetDmRequests.Start(buffer, family, 1, swDrops: true);
        {|ND1012:NetDmRequests.Config(buffer, family, 2, truncLen: 100)|};
    }

    // case: generated START with neither kind
    public static int Bare(Span<byte> buffer, ushort family) => {|ND1013:NetDmRequests.Start(buffer, family, 1)|};

    // case: generated START with both kinds
    public static int Both(Span<byte> buffer, ushort family) => NetDmRequests.Start(buffer, family, 1, swDrops: true, hwDrops: true);

    // case: generated START with a kind from a variable
    public static int Chosen(Span<byte> buffer, ushort family, bool hw) => NetDmRequests.Start(buffer, family, 1, swDrops: !hw, hwDrops: hw);

    // case: generated builders in a dispatcher, CONFIG and START in different sections
    public static int Build(Span<byte> buffer, ushort family, int op)
    {
        switch (op)
        {
            case 1:
                return NetDmRequests.Start(buffer, family, 1, hwDrops: true);
            case 2:
                return NetDmRequests.Config(buffer, family, 2, queueLen: 10);
            default:
                return 0;
        }
    }
}
