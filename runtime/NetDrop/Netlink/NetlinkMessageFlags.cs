using System;

namespace NetDrop.Netlink;

/// <summary>
/// nlmsghdr.nlmsg_flags (NLM_F_*). The bits from 0x100 up mean different things for get requests,
/// new requests and acks, which is why several names share a value.
/// </summary>
[Flags]
public enum NetlinkMessageFlags : ushort
{
    None = 0,

    /// <summary>NLM_F_REQUEST: a request, as opposed to a reply or a notification.</summary>
    Request = 0x1,

    /// <summary>NLM_F_MULTI: one of several parts; the last is followed by NLMSG_DONE.</summary>
    Multi = 0x2,

    /// <summary>NLM_F_ACK: asks for an NLMSG_ERROR with error 0 on success.</summary>
    Ack = 0x4,

    /// <summary>NLM_F_ECHO: echo this request back.</summary>
    Echo = 0x8,

    /// <summary>NLM_F_DUMP_INTR: the dump was interrupted by a change and may be inconsistent.</summary>
    DumpInterrupted = 0x10,

    /// <summary>NLM_F_DUMP_FILTERED: the dump was filtered as requested.</summary>
    DumpFiltered = 0x20,

    /// <summary>NLM_F_ROOT (get requests): return the whole table.</summary>
    Root = 0x100,

    /// <summary>NLM_F_MATCH (get requests): return all matching entries.</summary>
    Match = 0x200,

    /// <summary>NLM_F_ATOMIC (get requests): return an atomic snapshot.</summary>
    Atomic = 0x400,

    /// <summary>NLM_F_DUMP: Root | Match.</summary>
    Dump = Root | Match,

    /// <summary>NLM_F_CAPPED (NLMSG_ERROR): the original request's payload was left out, only its header echoed.</summary>
    Capped = 0x100,

    /// <summary>NLM_F_ACK_TLVS (NLMSG_ERROR): extended-ack attributes follow the echoed request.</summary>
    AckTlvs = 0x200,

    /// <summary>NLM_F_REPLACE (new requests): replace what exists.</summary>
    Replace = 0x100,

    /// <summary>NLM_F_EXCL (new requests): fail if it exists.</summary>
    Excl = 0x200,

    /// <summary>NLM_F_CREATE (new requests): create it if it does not exist.</summary>
    Create = 0x400,
}
