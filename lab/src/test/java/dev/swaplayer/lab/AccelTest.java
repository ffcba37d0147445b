package dev.swaplayer.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Accel}: KVM only where the device node exists and the CPU shows hardware virtualisation, TCG otherwise, with
 * what is missing named.
 *
 * <p>Thread safety: each test runs on JUnit's one thread in its own temporary directory.
 */
class AccelTest {
    @TempDir
    Path dir;

    @Test
    void kvmOnlyWithHardwareVirtualisation() throws Exception {
        final Path kvm = Files.writeString(dir.resolve("kvm"), "");
        final Path vmx = Files.writeString(dir.resolve("vmx"), "processor\t: 0\nflags\t\t: fpu vme vmx sse\n");
        final Path nested = Files.writeString(dir.resolve("nested"), "processor\t: 0\nflags\t\t: fpu sse hypervisor\n");
        assertEquals("kvm", Accel.detect(kvm, vmx));
        assertEquals("tcg", Accel.detect(kvm, nested), "a paravirtualised /dev/kvm without vmx/svm: TCG");
        assertEquals("tcg", Accel.detect(dir.resolve("absent"), vmx));
        assertEquals("tcg", Accel.detect(kvm, dir.resolve("no-cpuinfo")));
    }

    @Test
    void whyNoKvm_namesWhatIsMissing() throws Exception {
        final Path kvm = Files.writeString(dir.resolve("kvm"), "");
        final Path vmx = Files.writeString(dir.resolve("vmx"), "processor\t: 0\nflags\t\t: fpu vme vmx sse\n");
        final Path nested = Files.writeString(dir.resolve("nested"), "processor\t: 0\nflags\t\t: fpu sse\n");
        assertEquals(null, Accel.whyNoKvm(kvm, vmx));
        assertEquals("no " + dir.resolve("absent"), Accel.whyNoKvm(dir.resolve("absent"), vmx));
        assertEquals("the CPU shows no hardware virtualisation (no vmx or svm in " + nested + ")",
                Accel.whyNoKvm(kvm, nested));
    }
}
