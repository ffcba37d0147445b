package dev.swaplayer.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Chooses QEMU's accelerator. KVM only when {@code /dev/kvm} is usable and the CPU shows hardware
 * virtualisation ({@code vmx} or {@code svm} in /proc/cpuinfo): a nested, paravirtualised {@code /dev/kvm}
 * without them is one QEMU cannot use ({@code -cpu host} aborts, other CPU models stop in the
 * decompressor), so the lab falls back to TCG, software emulation.
 *
 * <p>Thread safety: stateless.
 */
public final class Accel {
    private static final Pattern VIRT = Pattern.compile("(?m)^flags\\s*:.*\\b(vmx|svm)\\b");

    private Accel() {
    }

    /** Returns {@code kvm} or {@code tcg} for this host. */
    public static String detect() {
        return detect(Path.of("/dev/kvm"), Path.of("/proc/cpuinfo"));
    }

    static String detect(final Path kvm, final Path cpuinfo) {
        if (!Files.exists(kvm) || !Files.isReadable(kvm) || !Files.isWritable(kvm)) {
            return "tcg";
        }
        try {
            return VIRT.matcher(Files.readString(cpuinfo)).find() ? "kvm" : "tcg";
        } catch (IOException e) {
            return "tcg";
        }
    }
}
