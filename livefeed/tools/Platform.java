package livefeed.tools;

import java.util.Locale;

/**
 * An operating system and CPU architecture in the words release archives use ({@code linux-amd64},
 * {@code darwin-arm64}, {@code windows-amd64}); a machine the projects publish no archive for keeps its own words,
 * so the message about it names what it is.
 */
public record Platform(String os, String arch) {

    /** This JVM's platform. */
    public static Platform current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** From Java's {@code os.name} and {@code os.arch}. */
    public static Platform of(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        String os = name.startsWith("windows") ? "windows"
                : name.startsWith("mac") || name.startsWith("darwin") ? "darwin"
                : name.startsWith("linux") ? "linux"
                : name.replaceAll("[^a-z0-9]", "");
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> osArch.toLowerCase(Locale.ROOT);
        };
        return new Platform(os, arch);
    }

    public boolean windows() {
        return os.equals("windows");
    }

    /** Windows releases are .zip, the others .tar.gz. */
    public String archiveExtension() {
        return windows() ? "zip" : "tar.gz";
    }

    /** The file name of an executable called {@code name} here ({@code promtool.exe} on Windows). */
    public String executable(String name) {
        return windows() ? name + ".exe" : name;
    }

    @Override
    public String toString() {
        return os + "-" + arch;
    }
}
