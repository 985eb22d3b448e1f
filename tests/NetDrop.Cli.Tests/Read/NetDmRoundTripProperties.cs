using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using FsCheck;
using FsCheck.Fluent;
using NetDrop.CaptureFiles;
using NetDrop.NetDm;
using NetDrop.Netlink;
using NetDrop.Tests.Capture;
using NetDrop.Tests.Cli;

namespace NetDrop.Tests.NetDm;

/// <summary>
/// Properties of the NET_DM encoders and decoders: what the request builders and attribute writers
/// write, the decoder reads back unchanged; and no damage to real frames makes decoding or the CLI throw.
/// </summary>
public class NetDmRoundTripProperties
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300);

    private static readonly string[] CatalogueNames = Enum.GetValues<DropReason>()
        .Select(r => DropReasonCatalog.KernelName(r)!)
        .ToArray();

    [Fact]
    public void Config_requests_read_back_as_written()
    {
        Gen<ConfigCase> cases =
            from familyId in FamilyIds
            from sequence in U32
            from mode in Gen.OneOf(
                Gen.Constant<NetDmAlertMode?>(null),
                Gen.Elements<NetDmAlertMode?>(NetDmAlertMode.Summary, NetDmAlertMode.Packet),
                Gen.Choose(0, 255).Select(b => (NetDmAlertMode?)b))
            from trunc in Maybe(U32)
            from queue in Maybe(U32)
            select new ConfigCase(familyId, sequence, new NetDmConfig(mode, trunc, queue));

        Check.One(Quick, Prop.ForAll(cases.ToArbitrary(), (ConfigCase c) =>
        {
            byte[] buffer = new byte[64];
            int length = NetDmRequests.Config(buffer, c.FamilyId, c.Sequence, c.Config.AlertMode, c.Config.TruncationLength, c.Config.QueueLength);

            var reader = new NetlinkMessageReader(buffer.AsSpan(0, length));
            Assert.True(reader.TryReadNext(out NetlinkMessage message));
            TrafficMessage decoded = new NetDmTrafficDecoder(c.FamilyId).Decode(message);
            Assert.Equal(TrafficMessageKind.NetDmRequest, decoded.Kind);
            Assert.Equal(NetDmCommand.Config, decoded.Command);
            Assert.Equal(NetDmFamily.Version, decoded.Generic.Version);
            Assert.Equal(c.Sequence, decoded.Header.Sequence);
            Assert.Equal((uint)length, decoded.Header.Length);
            Assert.False(decoded.NetDm.Error.IsError);
            Assert.Equal(0, decoded.NetDm.UnknownCount);
            Assert.Equal(c.Config, NetDmConfig.From(decoded.NetDm));
            Assert.False(reader.TryReadNext(out _));
            Assert.False(reader.Error.IsError);
        }));
    }

    [Fact]
    public void Packet_alerts_read_back_as_written()
    {
        Gen<AlertCase> cases =
            from familyId in FamilyIds
            from origin in Maybe(Gen.Elements(NetDmOrigin.Sw, NetDmOrigin.Hw))
            from pc in Maybe(U64)
            from symbol in MaybeText(Text)
            from reason in MaybeText(Gen.OneOf(Gen.Elements(CatalogueNames), Text))
            from inPort in Gen.Elements(false, true)
            from ifIndex in Maybe(U32)
            from ifName in MaybeText(Text)
            from timestamp in Maybe(U64)
            from proto in Maybe(Gen.Choose(0, 0xFFFF).Select(p => (ushort)p))
            from originalLength in Maybe(U32)
            from payload in Gen.OneOf(Gen.Constant<byte[]?>(null), Bytes.Select(b => (byte[]?)b))
            from order in Gen.Shuffle(Enumerable.Range(0, 9))
            select new AlertCase(familyId, origin, pc, symbol, reason, inPort, ifIndex, ifName, timestamp, proto, originalLength, payload, order);

        Check.One(Quick, Prop.ForAll(cases.ToArbitrary(), (AlertCase c) =>
        {
            byte[] buffer = new byte[4096];
            int length = Write(buffer, c);

            var reader = new NetlinkMessageReader(buffer.AsSpan(0, length));
            Assert.True(reader.TryReadNext(out NetlinkMessage message));
            TrafficMessage decoded = new NetDmTrafficDecoder(c.FamilyId).Decode(message);
            Assert.Equal(TrafficMessageKind.NetDmMessage, decoded.Kind);
            Assert.Equal(NetDmCommand.PacketAlert, decoded.Command);
            Assert.False(decoded.NetDm.Error.IsError, decoded.NetDm.Error.ToString());
            Assert.Equal(0, decoded.NetDm.UnknownCount);

            var alert = new NetDmPacketAlert(decoded.NetDm);

            // No ORIGIN means software: kernels before 5.4 do not send it.
            Assert.Equal(c.Origin ?? NetDmOrigin.Sw, alert.Origin);
            Assert.Equal(c.Origin.HasValue, alert.Attributes.HasOrigin);
            Assert.Equal(c.ProgramCounter, alert.ProgramCounter);
            Assert.Equal(Utf8(c.Symbol), alert.SymbolUtf8.ToArray());
            Assert.Equal(c.Symbol is not null, alert.Attributes.HasSymbol);
            Assert.Equal(Utf8(c.Reason), alert.ReasonUtf8.ToArray());
            Assert.Equal(CatalogueEntry(c.Reason), alert.Reason);
            Assert.Equal(c.InPort, alert.Attributes.HasInPort);
            Assert.Equal(c.InPort ? c.IfIndex : null, alert.InputIfIndex);
            Assert.Equal(c.InPort ? Utf8(c.IfName) : Array.Empty<byte>(), alert.InputNameUtf8.ToArray());
            Assert.False(alert.Attributes.InPort.Error.IsError);
            Assert.Equal(c.Timestamp, alert.TimestampNanoseconds);
            Assert.Equal(c.Protocol, alert.Protocol);
            Assert.Equal(c.OriginalLength, alert.OriginalLength);
            Assert.Equal(c.Payload ?? Array.Empty<byte>(), alert.Payload.ToArray());
            Assert.Equal(c.Payload is not null, alert.Attributes.HasPayload);
            Assert.True(alert.HardwareTrapUtf8.IsEmpty && alert.HardwareTrapGroupUtf8.IsEmpty);
            Assert.False(reader.TryReadNext(out _));
        }));
    }

    [Fact]
    public async Task Damaged_real_frames_never_make_decoding_or_the_cli_throw()
    {
        string[] names = TestCaptures.Names;
        List<CapturedFrame>[] captures = names.Select(name => CapturedNetDm.Read(name).Frames).ToArray();

        Gen<Mutation> mutation =
            from frame in Gen.Choose(0, int.MaxValue)
            from position in Gen.Choose(0, int.MaxValue)
            from width in Gen.Elements(1, 2)
            from value in Gen.OneOf(
                Gen.Choose(0, 0xFFFF),
                Gen.Elements(0, 1, 3, 4, 5, 8, 0x10, 0x80, 0xFF, 0xFFFF, 0x8000, 0x8004))
            select new Mutation(frame, position, width, value);
        Gen<DamageCase> cases =
            from capture in Gen.Choose(0, names.Length - 1)
            from mutations in Gen.ListOf(mutation).Select(m => m.Take(8).ToArray())
            from truncate in Gen.OneOf(
                Gen.Constant<(int Frame, int Length)?>(null),
                from frame in Gen.Choose(0, int.MaxValue)
                from length in Gen.Choose(0, int.MaxValue)
                select ((int, int)?)(frame, length))
            select new DamageCase(capture, mutations, truncate);

        // Run apart, so that a walk which never ends fails the test instead of hanging it.
        Task run = Task.Run(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(cases.ToArbitrary(), (DamageCase c) =>
        {
            byte[][] frames = c.Apply(captures[c.Capture]);
            DecodeEverything(frames);
            RunCli(frames);
        })));
        Task first = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(2)));
        Assert.True(first == run, "decoding damaged frames did not finish");
        await run;
    }

    /// <summary>Decodes every message of every frame and reads every property of what comes out.</summary>
    private static void DecodeEverything(byte[][] frames)
    {
        var decoder = new NetDmTrafficDecoder();
        foreach (byte[] frame in frames)
        {
            if (!NetlinkCookedHeader.TryParse(frame, out _, out ReadOnlySpan<byte> bytes))
            {
                continue;
            }

            var reader = new NetlinkMessageReader(bytes);
            int messages = 0;
            while (reader.TryReadNext(out NetlinkMessage message))
            {
                // Each message is at least its 16-byte header, so a frame holds few of them.
                Assert.True(++messages <= (bytes.Length / NetlinkMessageHeader.Size) + 1, "the message walk did not end");
                NetDmViewWalker.Walk(decoder.Decode(message, NetlinkCookedHeader.Size));
            }
        }
    }

    private static void RunCli(byte[][] frames)
    {
        byte[] file = PcapFile.Build(LinkTypes.Netlink, frames);
        ReadResult text = ReadCommand.Run(file);
        Assert.True(text.ExitCode is 0 or 1, text.Error);

        ReadResult json = ReadCommand.Run(file, json: true);
        Assert.Equal(text.ExitCode, json.ExitCode);
        Assert.Equal(text.Lines.Length, json.Lines.Length);
        foreach (string line in json.Lines)
        {
            // Duplicate names are legal JSON but jq and most readers keep only the last: nothing may be lost.
            using JsonDocument document = JsonDocument.Parse(line, new JsonDocumentOptions { AllowDuplicateProperties = false });
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        }
    }

    private static int Write(Span<byte> buffer, AlertCase c)
    {
        var writer = new NetlinkWriter(buffer);
        int token = writer.BeginMessage(c.FamilyId, NetlinkMessageFlags.None, 0);
        writer.WriteGenericHeader((byte)NetDmCommand.PacketAlert, NetDmFamily.Version);
        foreach (int field in c.Order)
        {
            switch (field)
            {
                case 0 when c.Origin is { } origin:
                    NetDmAttributeWriter.PutOrigin(ref writer, origin);
                    break;
                case 1 when c.ProgramCounter is { } pc:
                    NetDmAttributeWriter.PutPc(ref writer, pc);
                    break;
                case 2 when c.Symbol is { } symbol:
                    NetDmAttributeWriter.PutSymbol(ref writer, symbol);
                    break;
                case 3 when c.Reason is { } reason:
                    NetDmAttributeWriter.PutReason(ref writer, reason);
                    break;
                case 4 when c.InPort:
                    int nest = NetDmAttributeWriter.BeginInPort(ref writer);
                    if (c.IfIndex is { } ifIndex)
                    {
                        NetDmPortAttributeWriter.PutNetdevIfindex(ref writer, ifIndex);
                    }

                    if (c.IfName is { } ifName)
                    {
                        NetDmPortAttributeWriter.PutNetdevName(ref writer, ifName);
                    }

                    writer.EndNested(nest);
                    break;
                case 5 when c.Timestamp is { } timestamp:
                    NetDmAttributeWriter.PutTimestamp(ref writer, timestamp);
                    break;
                case 6 when c.Protocol is { } protocol:
                    NetDmAttributeWriter.PutProto(ref writer, protocol);
                    break;
                case 7 when c.OriginalLength is { } originalLength:
                    NetDmAttributeWriter.PutOrigLen(ref writer, originalLength);
                    break;
                case 8 when c.Payload is { } payload:
                    NetDmAttributeWriter.PutPayload(ref writer, payload);
                    break;
            }
        }

        return writer.EndMessage(token);
    }

    private static byte[] Utf8(string? text) => text is null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(text);

    /// <summary>The catalogue entry whose kernel name is <paramref name="name"/>, found by scanning, not by the parser under test.</summary>
    private static DropReason? CatalogueEntry(string? name)
    {
        foreach (DropReason reason in Enum.GetValues<DropReason>())
        {
            if (DropReasonCatalog.KernelName(reason) == name)
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary>Family ids NET_DM can be given: dynamic ids, above the controller's 0x10.</summary>
    private static Gen<ushort> FamilyIds => Gen.Choose(NetlinkMessageType.GenericControl + 1, 0xFFFF).Select(id => (ushort)id);

    private static Gen<uint> U32 => Gen.OneOf(
        Gen.Elements(0u, 1u, 64u, uint.MaxValue),
        from high in Gen.Choose(0, 0xFFFF)
        from low in Gen.Choose(0, 0xFFFF)
        select ((uint)high << 16) | (uint)low);

    private static Gen<ulong> U64 =>
        from high in U32
        from low in U32
        select ((ulong)high << 32) | low;

    /// <summary>Kernel-symbol-like text, a multi-byte character included; never a NUL, which ends a netlink string.</summary>
    private static Gen<string> Text =>
        Gen.ArrayOf(Gen.Elements("abcxyzABCXYZ0189_+/.[] é".ToCharArray())).Select(chars => new string(chars));

    private static Gen<byte[]> Bytes => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b));

    private static Gen<T?> Maybe<T>(Gen<T> gen)
        where T : struct =>
        Gen.OneOf(Gen.Constant<T?>(null), gen.Select(v => (T?)v));

    private static Gen<string?> MaybeText(Gen<string> gen) => Gen.OneOf(Gen.Constant<string?>(null), gen.Select(v => (string?)v));

    private sealed record ConfigCase(ushort FamilyId, uint Sequence, NetDmConfig Config);

    private sealed record AlertCase(
        ushort FamilyId,
        NetDmOrigin? Origin,
        ulong? ProgramCounter,
        string? Symbol,
        string? Reason,
        bool InPort,
        uint? IfIndex,
        string? IfName,
        ulong? Timestamp,
        ushort? Protocol,
        uint? OriginalLength,
        byte[]? Payload,
        IList<int> Order)
    {
        // Shows the payload's bytes when a case fails, not just its type.
        public override string ToString() =>
            $"{{ family 0x{FamilyId:x}, origin {Origin}, pc {ProgramCounter:x}, symbol \"{Symbol}\", reason \"{Reason}\", in_port {InPort} ({IfIndex}, \"{IfName}\"), "
            + $"timestamp {Timestamp}, proto {Protocol}, orig_len {OriginalLength}, payload {(Payload is null ? "none" : Convert.ToHexString(Payload))}, order [{string.Join(',', Order)}] }}";
    }

    /// <summary>Writes <see cref="Value"/> (1 or 2 bytes, little-endian) at a position picked by the seeds.</summary>
    private sealed record Mutation(int FrameSeed, int PositionSeed, int Width, int Value);

    private sealed record DamageCase(int Capture, Mutation[] Mutations, (int Frame, int Length)? Truncate)
    {
        public byte[][] Apply(List<CapturedFrame> frames)
        {
            byte[][] copies = frames.Select(f => (byte[])f.Data.Clone()).ToArray();
            foreach (Mutation m in Mutations)
            {
                byte[] frame = copies[m.FrameSeed % copies.Length];
                int at = m.PositionSeed % frame.Length;
                if (m.Width == 2 && at + 1 < frame.Length)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(at), (ushort)m.Value);
                }
                else
                {
                    frame[at] = (byte)m.Value;
                }
            }

            if (Truncate is { } cut)
            {
                int index = cut.Frame % copies.Length;
                copies[index] = copies[index].AsSpan(0, cut.Length % (copies[index].Length + 1)).ToArray();
            }

            return copies;
        }

        public override string ToString() =>
            $"{{ capture {Capture}, mutations [{string.Join(", ", Mutations.Select(m => $"frame#{m.FrameSeed}@{m.PositionSeed}={m.Value:x}/{m.Width}"))}], truncate {Truncate} }}";
    }
}
