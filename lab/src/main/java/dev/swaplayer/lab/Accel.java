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
        return whyNoKvm(kvm, cpuinfo) == null ? "kvm" : "tcg";
    }

    /** Returns why QEMU cannot use KVM on this host, or null when it can. */
    public static String whyNoKvm() {
        return whyNoKvm(Path.of("/dev/kvm"), Path.of("/proc/cpuinfo"));
    }

    static String whyNoKvm(final Path kvm, final Path cpuinfo) {
        if (!Files.exists(kvm)) {
            return "no " + kvm;
        }
        if (!Files.isReadable(kvm) || !Files.isWritable(kvm)) {
            return kvm + " is not readable and writable by this user";
        }
        try {
            return VIRT.matcher(Files.readString(cpuinfo)).find() ? null
                    : "the CPU shows no hardware virtualisation (no vmx or svm in " + cpuinfo + ")";
        } catch (IOException e) {
            return cpuinfo + " unreadable";
        }
    }
}
