using System;
using NetDrop.Interop;

namespace NetDrop.Tests.Interop;

public class ErrnoTests
{
    [Theory]
    [InlineData(1, "EPERM")]
    [InlineData(2, "ENOENT")]
    [InlineData(3, "ESRCH")]
    [InlineData(4, "EINTR")]
    [InlineData(5, "EIO")]
    [InlineData(12, "ENOMEM")]
    [InlineData(13, "EACCES")]
    [InlineData(14, "EFAULT")]
    [InlineData(16, "EBUSY")]
    [InlineData(17, "EEXIST")]
    [InlineData(19, "ENODEV")]
    [InlineData(22, "EINVAL")]
    [InlineData(28, "ENOSPC")]
    [InlineData(90, "EMSGSIZE")]
    [InlineData(93, "EPROTONOSUPPORT")]
    [InlineData(95, "EOPNOTSUPP")]
    [InlineData(105, "ENOBUFS")]
    [InlineData(133, "EHWPOISON")]
    [InlineData(524, "ENOTSUPP")]
    public void Known_values_have_their_kernel_names(int errno, string name)
    {
        Assert.Equal(name, ((Errno)errno).Name());
        Assert.Equal(name, ErrnoText.FromKernel(-errno).Name());
        Assert.Equal((Errno)errno, ErrnoText.FromKernel(-errno));
    }

    [Fact]
    public void Every_member_is_named_as_the_enum_names_it()
    {
        // The name table and the enum are one list: a value added to one and not the other shows here.
        foreach (Errno errno in Enum.GetValues<Errno>())
        {
            if (errno != Errno.None)
            {
                Assert.Equal(errno.ToString(), errno.Name());
                Assert.NotEqual(errno.Name(), errno.Description());
            }
        }
    }

    [Fact]
    public void Known_names_are_cached_literals()
    {
        Assert.Same(Errno.EBUSY.Name(), Errno.EBUSY.Name());
        Assert.Same(Errno.EBUSY.Description(), ErrnoText.FromKernel(-16).Description());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(41)]
    [InlineData(123456)]
    [InlineData(int.MinValue)]
    public void Unknown_values_are_named_by_number(int errno)
    {
        var value = (Errno)errno;
        Assert.Equal("errno " + (errno == int.MinValue ? errno : Math.Abs(errno)), value.Name());
        Assert.Equal(value.Name(), value.Description());
        Assert.Equal(value.Name(), ErrnoText.FromKernel(-errno).Name());
    }

    [Theory]
    [InlineData(16, "Device or resource busy")]
    [InlineData(22, "Invalid argument")]
    [InlineData(95, "Operation not supported on transport endpoint")]
    [InlineData(105, "No buffer space available")]
    public void Descriptions_are_the_kernel_header_comments(int errno, string description)
    {
        Assert.Equal(description, ((Errno)errno).Description());
    }
}
