package dev.swaplayer.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.device.FaultPlan.Op;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FaultInjectingDevice}: each planned failure, tear or corruption acts on exactly the attempt it names and
 * leaves the device as the plan says, and bad plans are refused.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own devices, over a swap file in its own
 * temporary directory where it needs one.
 */
class FaultInjectingDeviceTest {
    private static final int P = 4096;

    @TempDir
    Path dir;

    private static FaultInjectingDevice over(final FaultPlan plan) {
        return new FaultInjectingDevice(CompressedRamDevice.builder(16).build(), plan);
    }

    @Test
    void failWrite3_failsExactlyTheThirdWriteAndWritesNothing() throws IOException {
        final FaultInjectingDevice d = over(FaultPlan.builder().failWrite(3).build());
        d.write(1, page(1));
        d.write(2, page(2));
        final ByteBuffer third = page(3);
        final IOException e = assertThrows(IOException.class, () -> d.write(1, third));
        assertEquals("injected: write #3 failed", e.getMessage());
        assertEquals(0, third.position(), "src not consumed");
        assertArrayEquals(page(1).array(), read(d.delegate(), 1), "the device still holds write #1");
        d.write(1, page(4));
        assertArrayEquals(page(4).array(), read(d, 1));
        assertEquals(4, d.attempts(Op.WRITE));
        assertEquals(1, d.injectedFailures());
        assertEquals(3, d.stats().writes(), "only successful writes");
    }

    @Test
    void failRead2_failsExactlyTheSecondReadAndLeavesDstUntouched() throws IOException {
        final FaultInjectingDevice d = over(FaultPlan.builder().failRead(2).build());
        d.write(1, page(1));
        read(d, 1);
        final ByteBuffer dst = ByteBuffer.allocate(P);
        assertEquals("injected: read #2 failed", assertThrows(IOException.class, () -> d.read(1, dst)).getMessage());
        assertEquals(0, dst.position());
        assertArrayEquals(new byte[P], dst.array());
        assertArrayEquals(page(1).array(), read(d, 1));
    }

    @Test
    void failFlushAndDiscard_failOnlyThoseAttemptsAndAreNotForwarded() throws IOException {
        final FaultInjectingDevice d = over(FaultPlan.builder().failFlush(1).failDiscard(2).build());
        assertEquals("injected: flush #1 failed", assertThrows(IOException.class, d::flush).getMessage());
        assertEquals(0, d.delegate().stats().flushes());
        d.flush();
        d.write(3, page(3));
        d.discard(5, 1);
        assertEquals("injected: discard #2 failed",
                assertThrows(IOException.class, () -> d.discard(3, 1)).getMessage());
        assertArrayEquals(page(3).array(), read(d, 3), "the failed discard dropped nothing");
        assertEquals(1, d.delegate().stats().flushes());
        assertEquals(1, d.delegate().stats().discards());
    }

    @Test
    void tearWrite_leavesOnlyThePrefixWrittenOverTheOldPage() throws IOException {
        final FaultInjectingDevice d = new FaultInjectingDevice(
                FileSwapDevice.create(dir.resolve("torn.swap"), 16, "", null),
                FaultPlan.builder().tearWrite(2, 100).build());
        d.write(7, page(1));
        final ByteBuffer src = page(2);
        assertEquals("injected: write #2 torn after 100 of 4096 bytes",
                assertThrows(IOException.class, () -> d.write(7, src)).getMessage());
        assertEquals(0, src.position());
        final byte[] expected = page(1).array();
        System.arraycopy(page(2).array(), 0, expected, 0, 100);
        assertArrayEquals(expected, read(d.delegate(), 7));
        d.close();
    }

    @Test
    void run_isOneAttempt_andAFailedRunWritesNothing() throws IOException {
        final FaultInjectingDevice d = over(FaultPlan.builder().failWrite(2).failRead(2).build());
        d.writeRun(1, 8, ByteBuffer.wrap(SwapDeviceContractTest.pages(1, 8)));
        final ByteBuffer second = ByteBuffer.wrap(SwapDeviceContractTest.pages(50, 8));
        assertEquals("injected: write #2 failed",
                assertThrows(IOException.class, () -> d.writeRun(1, 8, second)).getMessage());
        assertEquals(0, second.position());
        final ByteBuffer dst = ByteBuffer.allocate(8 * P);
        d.readRun(1, 8, dst);
        assertArrayEquals(SwapDeviceContractTest.pages(1, 8), dst.array(), "the failed run wrote nothing");
        assertThrows(IOException.class, () -> d.readRun(1, 8, ByteBuffer.allocate(8 * P)));
        assertEquals(2, d.attempts(Op.WRITE));
        assertEquals(2, d.attempts(Op.READ));
        assertEquals(new DeviceStats(8, 8, 0, 0, 0, 8 * P, 8 * P), d.stats(), "pages of successful runs");
    }

    @Test
    void tearRun_keepsTheOldRunBehindThePrefix() throws IOException {
        final FaultInjectingDevice d = new FaultInjectingDevice(
                FileSwapDevice.create(dir.resolve("torn-run.swap"), 16, "", null),
                FaultPlan.builder().tearWrite(2, 300).build());
        d.writeRun(4, 4, ByteBuffer.wrap(SwapDeviceContractTest.pages(1, 4)));
        final ByteBuffer src = ByteBuffer.wrap(SwapDeviceContractTest.pages(10, 4));
        assertEquals("injected: write #2 torn after 300 of 16384 bytes",
                assertThrows(IOException.class, () -> d.writeRun(4, 4, src)).getMessage());
        final byte[] expected = SwapDeviceContractTest.pages(1, 4);
        System.arraycopy(SwapDeviceContractTest.pages(10, 4), 0, expected, 0, 300);
        final ByteBuffer dst = ByteBuffer.allocate(4 * P);
        d.delegate().readRun(4, 4, dst);
        assertArrayEquals(expected, dst.array());
        d.close();
    }

    @Test
    void failIo_atEveryPositionOfAWorkload_failsExactlyThatAttempt() throws IOException {
        final long total;
        try (FaultInjectingDevice clean = over(FaultPlan.NONE)) {
            assertEquals(List.of(), workload(clean));
            total = clean.ioAttempts();
            assertEquals(9, total);
            assertEquals(4, clean.attempts(Op.WRITE));
            assertEquals(3, clean.attempts(Op.READ));
        }
        for (long i = 1; i <= total; i++) {
            try (FaultInjectingDevice d = over(FaultPlan.builder().failIo(i).build())) {
                final List<String> failures = workload(d);
                assertEquals(1, failures.size(), "position " + i + ": " + failures);
                assertTrue(failures.get(0).startsWith("injected: I/O #" + i + " ("), failures.get(0));
                assertEquals(total, d.ioAttempts());
                assertEquals(1, d.injectedFailures());
            }
        }
    }

    @Test
    void badArguments_areNotAttempts() throws IOException {
        final FaultInjectingDevice d = over(FaultPlan.builder().failWrite(1).build());
        assertThrows(IllegalArgumentException.class, () -> d.write(0, page(0)));
        assertThrows(IllegalArgumentException.class, () -> d.write(1, ByteBuffer.allocate(10)));
        assertThrows(IllegalArgumentException.class, () -> d.discard(1, 16));
        assertEquals(0, d.ioAttempts());
        assertThrows(IOException.class, () -> d.write(1, page(1)), "the first real attempt is write #1");
    }

    @Test
    void plan_tearNotShorterThanAPage_isRefused() {
        final FaultPlan plan = FaultPlan.builder().tearWrite(1, P).build();
        assertEquals("tear bytes: 4096 (expected: 0..4095, less than a page)", assertThrows(
                IllegalArgumentException.class, () -> over(plan)).getMessage());
        assertEquals("nth: 0 (expected: >= 1, attempts are numbered from 1)", assertThrows(
                IllegalArgumentException.class, () -> FaultPlan.builder().failRead(0)).getMessage());
        assertEquals("FaultPlan(write #2 fails, I/O #5 fails, write #3 torn after 7 bytes)",
                FaultPlan.builder().failWrite(2).failIo(5).tearWrite(3, 7).build().toString());
    }

    @Test
    void plannedFailure_winsOverATearOfTheSameWrite() throws IOException {
        final FaultInjectingDevice d = over(FaultPlan.builder().failWrite(1).tearWrite(1, 10).build());
        assertEquals("injected: write #1 failed",
                assertThrows(IOException.class, () -> d.write(1, page(1))).getMessage());
        assertArrayEquals(new byte[P], read(d.delegate(), 1));
    }

    @Test
    void corruptRead_succeedsWithOneFlippedBitInThePlannedPage_andTheMediumIsUnchanged() throws IOException {
        final FaultInjectingDevice d = over(FaultPlan.builder().corruptRead(2, 5, 4096 + 100).build());
        final byte[] run = SwapDeviceContractTest.pages(7, 4);
        d.writeRun(3, 4, ByteBuffer.wrap(run));
        final ByteBuffer first = ByteBuffer.allocate(4 * P);
        d.readRun(3, 4, first);
        assertArrayEquals(run, first.array(), "read #1 is clean");

        final ByteBuffer second = ByteBuffer.allocate(6 * P).position(P).limit(5 * P); // dst starts mid-buffer
        d.readRun(3, 4, second);
        assertEquals(5 * P, second.position(), "a corrupt read consumes dst like a good one");
        final byte[] got = Arrays.copyOfRange(second.array(), P, 5 * P);
        final int at = 1 * P + 100; // page 5 % 4 = 1 of the run, byte (4096 + 100) % 4096 = 100
        assertEquals(run[at] ^ 1, got[at], "the low bit of the planned byte flipped");
        got[at] ^= 1;
        assertArrayEquals(run, got, "no other byte changed");
        assertEquals(0, second.get(0), "nothing written before dst's position");

        assertArrayEquals(run, Arrays.copyOf(readRun(d, 3, 4), 4 * P), "read #3 is clean: the medium is intact");
        assertEquals(1, d.injectedFailures());
        assertEquals(List.of(4L), d.corruptedSlots(), "slot 3 + page 1");
        assertEquals(3, d.stats().reads() / 4, "every read succeeded, the corrupt one too");
    }

    @Test
    void corruptSlotRead_firesOnceOnTheFirstReadThatCoversTheSlot_notOnAFailedOne() throws IOException {
        final FaultInjectingDevice d = over(FaultPlan.builder().corruptSlotRead(6, 7).failRead(2).build());
        final byte[] run = SwapDeviceContractTest.pages(9, 8);
        d.writeRun(1, 8, ByteBuffer.wrap(run));
        assertArrayEquals(Arrays.copyOfRange(run, 0, 4 * P), readRun(d, 1, 4), "read #1 misses slot 6");
        assertThrows(IOException.class, () -> readRun(d, 5, 2), "read #2 fails: the corruption waits");
        final byte[] got = readRun(d, 5, 3);
        final int at = 1 * P + 7; // slot 6 is page 1 of the run from 5
        assertEquals(run[4 * P + at] ^ 1, got[at]);
        got[at] ^= 1;
        assertArrayEquals(Arrays.copyOfRange(run, 4 * P, 7 * P), got, "only that byte");
        assertArrayEquals(run, readRun(d, 1, 8), "later reads of slot 6 are clean");
        assertEquals(List.of(6L), d.corruptedSlots());
        assertEquals(2, d.injectedFailures(), "one failure and one corruption");
    }

    @Test
    void plannedFailure_winsOverACorruptionOfTheSameRead() throws IOException {
        final FaultInjectingDevice d = over(FaultPlan.builder().failRead(1).corruptRead(1).build());
        d.write(2, page(2));
        final ByteBuffer dst = ByteBuffer.allocate(P);
        assertEquals("injected: read #1 failed", assertThrows(IOException.class, () -> d.read(2, dst)).getMessage());
        assertArrayEquals(new byte[P], dst.array());
        assertArrayEquals(page(2).array(), read(d, 2), "read #2 is not planned");
        assertEquals(List.of(), d.corruptedSlots());
        assertEquals(1, d.injectedFailures());
    }

    @Test
    void plan_badCorruptions_areRefused() {
        assertEquals("page: -1 (expected: >= 0, a page of the run (modulo its length))", assertThrows(
                IllegalArgumentException.class, () -> FaultPlan.builder().corruptRead(1, -1, 0)).getMessage());
        assertEquals("byteInPage: -2 (expected: >= 0, a byte of the page (modulo its size))", assertThrows(
                IllegalArgumentException.class, () -> FaultPlan.builder().corruptRead(1, 0, -2)).getMessage());
        assertEquals("nth: 0 (expected: >= 1, attempts are numbered from 1)", assertThrows(
                IllegalArgumentException.class, () -> FaultPlan.builder().corruptRead(0)).getMessage());
        assertEquals("slot: 0 (expected: >= 1, slot 0 is the header)", assertThrows(
                IllegalArgumentException.class, () -> FaultPlan.builder().corruptSlotRead(0, 0)).getMessage());
        final FaultPlan outside = FaultPlan.builder().corruptSlotRead(16, 0).build();
        assertEquals("corrupted slot: 16 (expected: 1..15, a slot of the device)", assertThrows(
                IllegalArgumentException.class, () -> over(outside)).getMessage());
        final FaultPlan plan = FaultPlan.builder().corruptRead(3, 1, 9).corruptSlotRead(4, 2).build();
        assertEquals("FaultPlan(read #3 corrupt at page 1 byte 9, first read of slot 4 corrupt at byte 2)",
                plan.toString());
        assertTrue(plan.corruptsRead(3));
        assertEquals(Set.of(4L), plan.corruptedSlots());
    }

    private static byte[] readRun(final SwapDevice d, final long slot, final int pages) throws IOException {
        final ByteBuffer b = ByteBuffer.allocate(pages * P);
        d.readRun(slot, pages, b);
        return b.array();
    }

    /** Write, write, read, flush, write, discard, read, write, read; returns the failure messages. */
    private static List<String> workload(final SwapDevice d) {
        final List<String> failures = new ArrayList<>();
        final List<IoStep> steps = Arrays.asList(
            () -> d.write(1, page(1)),
            () -> d.write(2, page(2)),
            () -> d.read(1, ByteBuffer.allocate(P)),
            d::flush,
            () -> d.write(3, page(3)),
            () -> d.discard(2, 1),
            () -> d.read(3, ByteBuffer.allocate(P)),
            () -> d.write(4, page(4)),
            () -> d.read(4, ByteBuffer.allocate(P)));
        for (final IoStep s : steps) {
            try {
                s.run();
            } catch (final IOException e) {
                failures.add(e.getMessage());
            }
        }
        return failures;
    }

    @FunctionalInterface
    private interface IoStep {
        void run() throws IOException;
    }

    private static ByteBuffer page(final long seed) {
        final byte[] b = new byte[P];
        new Random(seed).nextBytes(b);
        return ByteBuffer.wrap(b);
    }

    private static byte[] read(final SwapDevice d, final long slot) throws IOException {
        final ByteBuffer b = ByteBuffer.allocate(P);
        d.read(slot, b);
        return b.array();
    }
}
