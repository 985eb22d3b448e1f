using System.Globalization;
using NetDrop.CaptureFiles;

namespace NetDrop.Cli.Read;

/// <summary>How read names a capture interface: its if_name, else "if" and its id.</summary>
internal static class CaptureInterfaceName
{
    public static string Of(CaptureInterface captureInterface) =>
        captureInterface.Name ?? "if" + captureInterface.Id.ToString(CultureInfo.InvariantCulture);
}
