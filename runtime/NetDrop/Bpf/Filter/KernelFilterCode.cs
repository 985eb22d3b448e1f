using System;
using System.Collections.Generic;
using NetDrop.Bpf.Asm;
using NetDrop.Frames;
using NetDrop.Tracing;

namespace NetDrop.Bpf.Filter;

/// <summary>
/// The instructions that test a <see cref="KernelFilter"/> in the drop program, before it reserves a
/// record. They read what the filter needs into the stack (bpf_probe_read_kernel: a tracepoint program
/// reaches kernel memory no other way) and parse the headers exactly as <see cref="KernelFilterInput"/>
/// models them, every offset constant or checked against the bytes the record would hold, so user
/// space and the kernel agree on every drop. The stack holds the fields at fixed slots; every stack
/// access is aligned to its width, as the verifier requires.
/// </summary>
internal static class KernelFilterCode
{
    /// <summary>u32: 1 when the filter passed the drop, 0 when it could not decide (the record's verdict).</summary>
    public const short VerdictSlot = -24;

    // The fields the tests read, each a u32 slot (R10-relative).
    private const short ReasonSlot = -28;
    private const short InterfaceSlot = -32;
    /// <summary>The namespace inode, as the record has it, once <see cref="ReadsDevice"/>'s filter has run.</summary>
    public const short NamespaceSlot = -36;
    private const short MarkSlot = -40;
    private const short EtherTypeSlot = -44;
    private const short ProtocolSlot = -48;
    private const short SourcePortSlot = -52;
    private const short DestinationPortSlot = -56;
    private const short FlagsSlot = -60;
    private const short SourceSlot = -80;       // 16 bytes, the address's bytes as they are in the packet
    private const short DestinationSlot = -96;  // 16 bytes

    // What is read from the sk_buff and followed.
    private const short PointerSlot = -104;
    private const short HeadSlot = -112;
    private const short DataSlot = -120;
    private const short LengthSlot = -124;
    private const short DataLengthSlot = -128;
    private const short MacHeaderSlot = -130;
    private const short NetworkHeaderSlot = -132;
    private const short PortsSlot = -136;       // 4 bytes
    private const short EthernetSlot = -152;    // 16 bytes
    private const short NetworkSlot = -216;     // KernelFilterInput.NetworkScratch bytes

    // Bits of the flags slot.
    private const int HasProtocol = 1;
    private const int HasPorts = 2;
    private const int IPv4 = 4;
    private const int IPv6 = 8;

    // Registers: R6 the context and R7 the skb (the program's), R8 the bytes left from the header being
    // read, R9 where that header starts (from head). Both survive the helper calls.
    private const Register Remaining = Register.R8;
    private const Register Start = Register.R9;

    /// <summary>
    /// Appends the filter: on a match it continues at <paramref name="passed"/> with the verdict slot 1,
    /// when the headers are beyond it at <paramref name="passed"/> with 0, and otherwise at
    /// <paramref name="rejected"/>. The sk_buff's members come from <paramref name="skb"/>, which the
    /// program has read before; the device's are read into <paramref name="device"/>. Clobbers R0–R5, R8 and R9.
    /// </summary>
    public static void Emit(Assembler asm, KernelFilter filter, KernelOffsets offsets, KfreeSkbLayout tracepoint, int snapLength,
        Register context, KernelStructWindow skb, KernelStructWindow device, Label passed, Label rejected)
    {
        HashSet<KernelFilterField> used = Fields(filter);
        Label undecided = asm.NewLabel();
        Label evaluate = asm.NewLabel();

        if (tracepoint.ReasonOffset >= 0)
        {
            asm.Load(MemorySize.Word, Register.R1, context, (short)tracepoint.ReasonOffset)
                .Store(MemorySize.Word, Register.R10, ReasonSlot, Register.R1);
        }
        else
        {
            asm.StoreImmediate(MemorySize.Word, Register.R10, ReasonSlot, 0);
        }

        skb.Copy(asm, MemorySize.Word, offsets.SkbMark, Register.R10, MarkSlot);
        if (ReadsDevice(filter))
        {
            EmitDevice(asm, offsets, skb, device);
        }

        // The conjuncts on the drop's own fields first, then the headers and the conjuncts on them.
        EmitConjuncts(asm, filter.BeforePacket, rejected);
        if (filter.NeedsPacket)
        {
            EmitPacket(asm, offsets, tracepoint, snapLength, context, skb, undecided, evaluate);
        }

        asm.Mark(evaluate);
        EmitConjuncts(asm, filter.AfterPacket, rejected);
        asm.StoreImmediate(MemorySize.Word, Register.R10, VerdictSlot, 1)
            .Jump(passed);

        // The verifier refuses code no path reaches: the undecided exit exists only with the packet's headers.
        if (filter.NeedsPacket)
        {
            asm.Mark(undecided)
                .StoreImmediate(MemorySize.Word, Register.R10, VerdictSlot, 0)
                .Jump(passed);
        }
    }

    /// <summary>The interface index (skb->dev's, else skb_iif) and the namespace (the device's, else the socket's), as the record has them.</summary>
    private static void EmitDevice(Assembler asm, KernelOffsets offsets, KernelStructWindow skb, KernelStructWindow device)
    {
        Label noDevice = asm.NewLabel();
        Label index = asm.NewLabel();
        Label done = asm.NewLabel();
        asm.StoreImmediate(MemorySize.Word, Register.R10, InterfaceSlot, 0)
            .StoreImmediate(MemorySize.Word, Register.R10, NamespaceSlot, 0);
        skb.Load(asm, MemorySize.DoubleWord, Start, offsets.SkbDevice)
            .JumpIf(JumpCondition.Equal, Start, 0, noDevice);
        device.EmitRead(asm, Start);
        device.Copy(asm, MemorySize.Word, offsets.DeviceIndex, Register.R10, InterfaceSlot);
        device.Load(asm, MemorySize.DoubleWord, Start, offsets.DeviceNamespace)
            .JumpIf(JumpCondition.Equal, Start, 0, index);
        Read(asm, NamespaceSlot, 4, Start, offsets.NamespaceInode);
        asm.Jump(index);

        // (Read takes its source in a register it does not set up itself: R9, never R1-R3.)
        asm.Mark(noDevice);
        skb.Load(asm, MemorySize.DoubleWord, Start, offsets.SkbSocket)
            .JumpIf(JumpCondition.Equal, Start, 0, index);
        ReadPointer(asm, Start, offsets.SocketNamespace);
        asm.Load(MemorySize.DoubleWord, Start, Register.R10, PointerSlot)
            .JumpIf(JumpCondition.Equal, Start, 0, index);
        Read(asm, NamespaceSlot, 4, Start, offsets.NamespaceInode);

        asm.Mark(index)
            .Load(MemorySize.Word, Register.R1, Register.R10, InterfaceSlot)
            .JumpIf32(JumpCondition.NotEqual, Register.R1, 0, done);
        skb.Copy(asm, MemorySize.Word, offsets.SkbInputInterface, Register.R10, InterfaceSlot);
        asm.Mark(done);
    }

    /// <summary>The headers, from the bytes the record would hold: where they start, how many there are, Ethernet or bare IP, then IPv4 or IPv6.</summary>
    private static void EmitPacket(Assembler asm, KernelOffsets offsets, KfreeSkbLayout tracepoint, int snapLength, Register context, KernelStructWindow skb, Label undecided, Label decided)
    {
        Label bare = asm.NewLabel();
        Label network = asm.NewLabel();
        Label ethernet = asm.NewLabel();
        Label startChosen = asm.NewLabel();
        Label notNegative = asm.NewLabel();
        Label clamped = asm.NewLabel();

        asm.Load(MemorySize.Half, Register.R1, context, (short)tracepoint.ProtocolOffset)
            .Store(MemorySize.Word, Register.R10, EtherTypeSlot, Register.R1)
            .StoreImmediate(MemorySize.Word, Register.R10, FlagsSlot, 0)
            .StoreImmediate(MemorySize.Word, Register.R10, ProtocolSlot, 0)
            .StoreImmediate(MemorySize.Word, Register.R10, SourcePortSlot, 0)
            .StoreImmediate(MemorySize.Word, Register.R10, DestinationPortSlot, 0);
        for (short i = 0; i < 16; i += 8)
        {
            asm.StoreImmediate(MemorySize.DoubleWord, Register.R10, (short)(SourceSlot + i), 0)
                .StoreImmediate(MemorySize.DoubleWord, Register.R10, (short)(DestinationSlot + i), 0);
        }

        skb.Copy(asm, MemorySize.DoubleWord, offsets.SkbHead, Register.R10, HeadSlot);
        skb.Copy(asm, MemorySize.DoubleWord, offsets.SkbData, Register.R10, DataSlot);
        skb.Copy(asm, MemorySize.Word, offsets.SkbLength, Register.R10, LengthSlot);
        skb.Copy(asm, MemorySize.Word, offsets.SkbDataLength, Register.R10, DataLengthSlot);
        skb.Copy(asm, MemorySize.Half, offsets.SkbMacHeader, Register.R10, MacHeaderSlot);
        skb.Copy(asm, MemorySize.Half, offsets.SkbNetworkHeader, Register.R10, NetworkHeaderSlot);

        // Start: the MAC header when one was set, else the network header (as the record's bytes).
        asm.Load(MemorySize.Half, Start, Register.R10, MacHeaderSlot)
            .JumpIf(JumpCondition.NotEqual, Start, BpfDropRecordLayout.HeaderUnset, startChosen)
            .Load(MemorySize.Half, Start, Register.R10, NetworkHeaderSlot)
            .Mark(startChosen);

        // Remaining: the linear data's end (data - head + len - data_len) less the start, 0 to the snap length.
        asm.Load(MemorySize.DoubleWord, Remaining, Register.R10, DataSlot)
            .Load(MemorySize.DoubleWord, Register.R1, Register.R10, HeadSlot)
            .Alu64(AluOperation.Subtract, Remaining, Register.R1)
            .Alu64(AluOperation.ShiftLeft, Remaining, 32)   // the record keeps data - head as a u32
            .Alu64(AluOperation.ShiftRight, Remaining, 32)
            .Load(MemorySize.Word, Register.R1, Register.R10, LengthSlot)
            .Add64(Remaining, Register.R1)
            .Load(MemorySize.Word, Register.R1, Register.R10, DataLengthSlot)
            .Alu64(AluOperation.Subtract, Remaining, Register.R1)
            .Alu64(AluOperation.Subtract, Remaining, Start)
            .JumpIf(JumpCondition.SignedGreaterOrEqual, Remaining, 0, notNegative)
            .Move64(Remaining, 0)
            .Mark(notNegative)
            .JumpIf(JumpCondition.SignedLessOrEqual, Remaining, snapLength, clamped)
            .Move64(Remaining, snapLength)
            .Mark(clamped);

        // Ethernet when 14 bytes are there and the type field names skb->protocol (or any type, with no
        // protocol); a VLAN tag there is left to user space.
        asm.JumpIf(JumpCondition.Less, Remaining, KernelFilterInput.EthernetHeaderLength, bare);
        ReadBytes(asm, EthernetSlot, 16, Start, undecided);
        BigEndian16(asm, Register.R2, EthernetSlot + 12);
        foreach (ushort tag in new[] { EtherTypes.Vlan, EtherTypes.QinQ, EtherTypes.QinQLegacy })
        {
            asm.JumpIf(JumpCondition.Equal, Register.R2, tag, undecided);
        }

        asm.Load(MemorySize.Word, Register.R1, Register.R10, EtherTypeSlot)
            .JumpIf(JumpCondition.Equal, Register.R2, Register.R1, ethernet)
            .JumpIf(JumpCondition.NotEqual, Register.R1, 0, bare)
            .JumpIf(JumpCondition.GreaterOrEqual, Register.R2, 0x0600, ethernet)
            .Jump(bare);

        asm.Mark(ethernet)
            .Store(MemorySize.Word, Register.R10, EtherTypeSlot, Register.R2)
            .Add64(Start, KernelFilterInput.EthernetHeaderLength)
            .Alu64(AluOperation.Subtract, Remaining, KernelFilterInput.EthernetHeaderLength)
            .Jump(network);

        // A bare IP packet: its version nibble matches skb->protocol. Anything else has no more to read.
        Label bareIPv4 = asm.NewLabel();
        Label ipv4 = asm.NewLabel();
        Label ipv6 = asm.NewLabel();
        asm.Mark(bare)
            .JumpIf(JumpCondition.Equal, Remaining, 0, decided);
        ReadBytes(asm, NetworkSlot, KernelFilterInput.NetworkScratch, Start, undecided);
        asm.Load(MemorySize.Byte, Register.R2, Register.R10, NetworkSlot)
            .Alu64(AluOperation.ShiftRight, Register.R2, 4)
            .Load(MemorySize.Word, Register.R1, Register.R10, EtherTypeSlot)
            .JumpIf(JumpCondition.Equal, Register.R1, EtherTypes.IPv4, bareIPv4)
            .JumpIf(JumpCondition.NotEqual, Register.R1, EtherTypes.IPv6, decided)
            .JumpIf(JumpCondition.Equal, Register.R2, 6, ipv6)
            .Jump(decided)
            .Mark(bareIPv4)
            .JumpIf(JumpCondition.Equal, Register.R2, 4, ipv4)
            .Jump(decided);

        asm.Mark(network);
        ReadBytes(asm, NetworkSlot, KernelFilterInput.NetworkScratch, Start, undecided);
        asm.Load(MemorySize.Word, Register.R1, Register.R10, EtherTypeSlot)
            .JumpIf(JumpCondition.Equal, Register.R1, EtherTypes.IPv4, ipv4)
            .JumpIf(JumpCondition.Equal, Register.R1, EtherTypes.IPv6, ipv6)
            .JumpIf(JumpCondition.Equal, Register.R1, EtherTypes.Arp, undecided)
            .Jump(decided);

        EmitIPv4(asm, ipv4, undecided, decided);
        EmitIPv6(asm, ipv6, undecided, decided);
    }

    private static void EmitIPv4(Assembler asm, Label ipv4, Label undecided, Label decided)
    {
        Label ports = asm.NewLabel();
        asm.Mark(ipv4)
            .JumpIf(JumpCondition.Less, Remaining, 20, decided)
            .Load(MemorySize.Byte, Register.R2, Register.R10, NetworkSlot)
            .Move64(Register.R1, Register.R2)
            .Alu64(AluOperation.ShiftRight, Register.R1, 4)
            .JumpIf(JumpCondition.NotEqual, Register.R1, 4, decided)
            .Alu64(AluOperation.And, Register.R2, 0x0f)
            .Alu64(AluOperation.ShiftLeft, Register.R2, 2)
            .JumpIf(JumpCondition.Less, Register.R2, 20, decided)
            .StoreImmediate(MemorySize.Word, Register.R10, FlagsSlot, HasProtocol | IPv4)
            .Load(MemorySize.Byte, Register.R1, Register.R10, NetworkSlot + 9)
            .Store(MemorySize.Word, Register.R10, ProtocolSlot, Register.R1)
            .Load(MemorySize.Word, Register.R1, Register.R10, NetworkSlot + 12)
            .Store(MemorySize.Word, Register.R10, SourceSlot, Register.R1)
            .Load(MemorySize.Word, Register.R1, Register.R10, NetworkSlot + 16)
            .Store(MemorySize.Word, Register.R10, DestinationSlot, Register.R1);

        // A later fragment carries no ports; nor does a header the bytes end inside.
        BigEndian16(asm, Register.R1, NetworkSlot + 6);
        asm.Alu64(AluOperation.And, Register.R1, 0x1fff)
            .JumpIf(JumpCondition.NotEqual, Register.R1, 0, decided);
        JumpUnlessPorts(asm, decided);
        asm.Move64(Register.R1, Remaining)
            .Alu64(AluOperation.Subtract, Register.R1, Register.R2)
            .JumpIf(JumpCondition.SignedLess, Register.R1, 4, decided)
            .Add64(Start, Register.R2);
        ReadBytes(asm, PortsSlot, 4, Start, undecided);
        asm.Jump(ports);
        EmitPorts(asm, ports, PortsSlot, decided);
    }

    private static void EmitIPv6(Assembler asm, Label ipv6, Label undecided, Label decided)
    {
        Label ports = asm.NewLabel();
        asm.Mark(ipv6)
            .JumpIf(JumpCondition.Less, Remaining, 40, decided)
            .Load(MemorySize.Byte, Register.R1, Register.R10, NetworkSlot)
            .Alu64(AluOperation.ShiftRight, Register.R1, 4)
            .JumpIf(JumpCondition.NotEqual, Register.R1, 6, decided)
            .StoreImmediate(MemorySize.Word, Register.R10, FlagsSlot, IPv6);
        for (short i = 0; i < 16; i += 4)
        {
            asm.Load(MemorySize.Word, Register.R1, Register.R10, (short)(NetworkSlot + 8 + i))
                .Store(MemorySize.Word, Register.R10, (short)(SourceSlot + i), Register.R1)
                .Load(MemorySize.Word, Register.R1, Register.R10, (short)(NetworkSlot + 24 + i))
                .Store(MemorySize.Word, Register.R10, (short)(DestinationSlot + i), Register.R1);
        }

        // Extension headers chain at offsets the bytes give: left to user space.
        asm.Load(MemorySize.Byte, Register.R1, Register.R10, NetworkSlot + 6);
        foreach (byte header in new[] { IpProtocols.HopByHop, IpProtocols.Routing, IpProtocols.Fragment, IpProtocols.DestinationOptions, IpProtocols.Ah, IpProtocols.Mobility, IpProtocols.Hip, IpProtocols.Shim6 })
        {
            asm.JumpIf(JumpCondition.Equal, Register.R1, header, undecided);
        }

        asm.Store(MemorySize.Word, Register.R10, ProtocolSlot, Register.R1)
            .StoreImmediate(MemorySize.Word, Register.R10, FlagsSlot, IPv6 | HasProtocol);
        JumpUnlessPorts(asm, decided);
        asm.JumpIf(JumpCondition.Less, Remaining, 44, decided)
            .Jump(ports);
        EmitPorts(asm, ports, NetworkSlot + 40, decided);
    }

    /// <summary>To <paramref name="decided"/> unless the protocol slot holds a protocol with ports (<see cref="IpProtocols.HasPorts"/>). Keeps R2.</summary>
    private static void JumpUnlessPorts(Assembler asm, Label decided)
    {
        Label has = asm.NewLabel();
        asm.Load(MemorySize.Word, Register.R1, Register.R10, ProtocolSlot);
        foreach (byte protocol in new[] { IpProtocols.Tcp, IpProtocols.Udp, IpProtocols.UdpLite, IpProtocols.Sctp, IpProtocols.Dccp })
        {
            asm.JumpIf(JumpCondition.Equal, Register.R1, protocol, has);
        }

        asm.Jump(decided).Mark(has);
    }

    private static void EmitPorts(Assembler asm, Label ports, int slot, Label decided)
    {
        asm.Mark(ports);
        BigEndian16(asm, Register.R1, slot);
        asm.Store(MemorySize.Word, Register.R10, SourcePortSlot, Register.R1);
        BigEndian16(asm, Register.R1, slot + 2);
        asm.Store(MemorySize.Word, Register.R10, DestinationPortSlot, Register.R1)
            .Load(MemorySize.Word, Register.R1, Register.R10, FlagsSlot)
            .Alu64(AluOperation.Or, Register.R1, HasPorts)
            .Store(MemorySize.Word, Register.R10, FlagsSlot, Register.R1)
            .Jump(decided);
    }

    /// <summary>Falls through when every conjunct holds; to <paramref name="rejected"/> at the first that does not.</summary>
    private static void EmitConjuncts(Assembler asm, KernelFilterNode[] conjuncts, Label rejected)
    {
        foreach (KernelFilterNode conjunct in conjuncts)
        {
            Label next = asm.NewLabel();
            EmitNode(asm, conjunct, next, rejected);
            asm.Mark(next);
        }
    }

    /// <summary>Each node ends in a jump to <paramref name="onTrue"/> or <paramref name="onFalse"/>; R1 and R2 are its scratch.</summary>
    private static void EmitNode(Assembler asm, KernelFilterNode node, Label onTrue, Label onFalse)
    {
        switch (node)
        {
            case KernelAnd and:
                for (int i = 0; i < and.Operands.Length - 1; i++)
                {
                    Label next = asm.NewLabel();
                    EmitNode(asm, and.Operands[i], next, onFalse);
                    asm.Mark(next);
                }

                EmitNode(asm, and.Operands[^1], onTrue, onFalse);
                break;
            case KernelOr or:
                for (int i = 0; i < or.Operands.Length - 1; i++)
                {
                    Label next = asm.NewLabel();
                    EmitNode(asm, or.Operands[i], onTrue, next);
                    asm.Mark(next);
                }

                EmitNode(asm, or.Operands[^1], onTrue, onFalse);
                break;
            case KernelNot not:
                EmitNode(asm, not.Operand, onFalse, onTrue);
                break;
            case KernelNumberTest test:
                EmitNumberTest(asm, test, onTrue, onFalse);
                break;
            case KernelAddressTest test:
                EmitAddressTest(asm, test, onTrue, onFalse);
                break;
            default:
                throw new InvalidOperationException("unknown kernel filter node " + node.GetType().Name);
        }
    }

    private static void EmitNumberTest(Assembler asm, KernelNumberTest test, Label onTrue, Label onFalse)
    {
        (short slot, int hasFlag, bool zeroIsAbsent) = test.Field switch
        {
            KernelFilterField.Reason => (ReasonSlot, 0, false),
            KernelFilterField.InterfaceIndex => (InterfaceSlot, 0, true),
            KernelFilterField.NamespaceInode => (NamespaceSlot, 0, true),
            KernelFilterField.Mark => (MarkSlot, 0, false),
            KernelFilterField.EtherType => (EtherTypeSlot, 0, false),
            KernelFilterField.IpProtocol => (ProtocolSlot, HasProtocol, false),
            KernelFilterField.SourcePort => (SourcePortSlot, HasPorts, false),
            KernelFilterField.DestinationPort => (DestinationPortSlot, HasPorts, false),
            _ => throw new InvalidOperationException("unknown kernel filter field " + test.Field),
        };
        if (hasFlag != 0)
        {
            Label has = asm.NewLabel();
            asm.Load(MemorySize.Word, Register.R1, Register.R10, FlagsSlot)
                .JumpIf(JumpCondition.AnyBitSet, Register.R1, hasFlag, has)
                .Jump(onFalse)
                .Mark(has);
        }

        asm.Load(MemorySize.Word, Register.R1, Register.R10, slot);
        if (zeroIsAbsent)
        {
            asm.JumpIf32(JumpCondition.Equal, Register.R1, 0, onFalse);
        }

        if (test.Comparison == KernelComparison.In)
        {
            foreach (uint value in test.Values)
            {
                asm.JumpIf32(JumpCondition.Equal, Register.R1, unchecked((int)value), onTrue);
            }

            asm.Jump(onFalse);
            return;
        }

        JumpCondition condition = test.Comparison switch
        {
            KernelComparison.Equal => JumpCondition.Equal,
            KernelComparison.NotEqual => JumpCondition.NotEqual,
            KernelComparison.Less => JumpCondition.Less,
            KernelComparison.LessOrEqual => JumpCondition.LessOrEqual,
            KernelComparison.Greater => JumpCondition.Greater,
            _ => JumpCondition.GreaterOrEqual,
        };
        asm.JumpIf32(condition, Register.R1, unchecked((int)test.Values[0]), onTrue)
            .Jump(onFalse);
    }

    /// <summary>
    /// Each prefix compared a 32-bit word at a time: the address's bytes as the packet has them, loaded
    /// little-endian, masked and compared with the prefix's bytes loaded the same way.
    /// </summary>
    private static void EmitAddressTest(Assembler asm, KernelAddressTest test, Label onTrue, Label onFalse)
    {
        Label inside = test.Negated ? onFalse : onTrue;
        Label outside = test.Negated ? onTrue : onFalse;
        short slot = test.Destination ? DestinationSlot : SourceSlot;
        Label has = asm.NewLabel();
        asm.Load(MemorySize.Word, Register.R2, Register.R10, FlagsSlot)
            .JumpIf(JumpCondition.AnyBitSet, Register.R2, IPv4 | IPv6, has)
            .Jump(onFalse)
            .Mark(has);
        foreach (KernelPrefix prefix in test.Prefixes)
        {
            Label next = asm.NewLabel();
            Label versionMatches = asm.NewLabel();
            asm.JumpIf(JumpCondition.AnyBitSet, Register.R2, prefix.Version == 4 ? IPv4 : IPv6, versionMatches)
                .Jump(next)
                .Mark(versionMatches);
            int words = prefix.Width / 32;
            for (int word = 0; word < words; word++)
            {
                int bits = Math.Clamp(prefix.Length - (32 * word), 0, 32);
                if (bits == 0)
                {
                    continue;
                }

                uint mask = bits == 32 ? uint.MaxValue : ~(uint.MaxValue >> bits);
                uint value = (uint)(prefix.Bits >> (prefix.Width - (32 * (word + 1))));
                uint maskInMemory = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(mask);
                uint valueInMemory = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(value & mask);
                asm.Load(MemorySize.Word, Register.R1, Register.R10, (short)(slot + (4 * word)))
                    .Alu32(AluOperation.And, Register.R1, unchecked((int)maskInMemory))
                    .JumpIf32(JumpCondition.NotEqual, Register.R1, unchecked((int)valueInMemory), next);
            }

            asm.Jump(inside).Mark(next);
        }

        asm.Jump(outside);
    }

    /// <summary>
    /// Whether the filter's code reads the device (its window in the stack, with the index and namespace
    /// pointer) and the namespace inode (<see cref="NamespaceSlot"/>) on every path that passes: the program
    /// then takes them from there rather than reading them again.
    /// </summary>
    public static bool ReadsDevice(KernelFilter filter)
    {
        HashSet<KernelFilterField> used = Fields(filter);
        return used.Contains(KernelFilterField.InterfaceIndex) || used.Contains(KernelFilterField.NamespaceInode);
    }

    private static HashSet<KernelFilterField> Fields(KernelFilter filter)
    {
        var used = new HashSet<KernelFilterField>();
        Collect(filter.Root, used);
        return used;
    }

    private static void Collect(KernelFilterNode node, HashSet<KernelFilterField> used)
    {
        switch (node)
        {
            case KernelAnd and:
                Array.ForEach(and.Operands, n => Collect(n, used));
                break;
            case KernelOr or:
                Array.ForEach(or.Operands, n => Collect(n, used));
                break;
            case KernelNot not:
                Collect(not.Operand, used);
                break;
            case KernelNumberTest test:
                used.Add(test.Field);
                break;
        }
    }

    /// <summary>register = the big-endian u16 at the stack slot, read a byte at a time (stack access must be aligned).</summary>
    private static void BigEndian16(Assembler asm, Register destination, int slot) =>
        asm.Load(MemorySize.Byte, destination, Register.R10, (short)slot)
            .Alu64(AluOperation.ShiftLeft, destination, 8)
            .Load(MemorySize.Byte, Register.R3, Register.R10, (short)(slot + 1))
            .Alu64(AluOperation.Or, destination, Register.R3);

    // bpf_probe_read_kernel(fp + slot, size, source + offset)
    private static void Read(Assembler asm, short slot, int size, Register source, int offset) =>
        asm.Move64(Register.R1, Register.R10)
            .Add64(Register.R1, slot)
            .Move64(Register.R2, size)
            .Move64(Register.R3, source)
            .Add64(Register.R3, offset)
            .Call(BpfHelper.ProbeReadKernel);

    private static void ReadPointer(Assembler asm, Register source, int offset) => Read(asm, PointerSlot, 8, source, offset);

    /// <summary>bpf_probe_read_kernel(fp + slot, size, head + Start); a read that faults leaves the drop to user space.</summary>
    private static void ReadBytes(Assembler asm, short slot, int size, Register start, Label undecided)
    {
        asm.Move64(Register.R1, Register.R10)
            .Add64(Register.R1, slot)
            .Move64(Register.R2, size)
            .Load(MemorySize.DoubleWord, Register.R3, Register.R10, HeadSlot)
            .Add64(Register.R3, start)
            .Call(BpfHelper.ProbeReadKernel)
            .JumpIf(JumpCondition.NotEqual, Register.R0, 0, undecided);
    }
}
