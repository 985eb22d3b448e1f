using System.Collections.Generic;
using System.Globalization;
using NetDrop.CaptureFiles;
using NetDrop.Packet;

namespace NetDrop.Cli.Capture;

/// <summary>
/// For -i any: the pcapng interface of each interface index, added (LINKTYPE_LINUX_SLL2, named as the
/// interface is named) the first time a frame from it arrives, so every frame is filed under its own
/// interface's name as well as carrying its index in the SLL2 header. Only a new interface allocates.
/// </summary>
internal sealed class AnyInterfaceIds(PcapNgWriter writer, int snapLength, string description)
{
    private readonly Dictionary<int, int> _ids = new();

    public int Of(int interfaceIndex)
    {
        if (_ids.TryGetValue(interfaceIndex, out int id))
        {
            return id;
        }

        // The name now: an interface deleted before its first frame is read is named by its index.
        string name = PacketSocket.InterfaceNameOf(interfaceIndex) ?? "ifindex" + interfaceIndex.ToString(CultureInfo.InvariantCulture);
        id = writer.AddInterface(name, LinkTypes.LinuxSll2, snapLength, description);
        _ids.Add(interfaceIndex, id);
        return id;
    }
}
