package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swaplayer.device.Algorithm;
import dev.swaplayer.device.CompressedRamDevice;
import dev.swaplayer.device.FaultInjectingDevice;
import dev.swaplayer.device.FaultPlan;
import dev.swaplayer.device.MmStat;
import dev.swaplayer.entry.SwapEntry;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Data mode: page contents through a real device, read back and compared.
 *
 * <p>Thread safety: each test runs on JUnit's one thread, and each run builds its own policies and devices; the shared
 * script is an immutable string.
 */
class DataModeTest {
    /**
     * Fills the device with large folios and single pages, swaps every other single page back in (scattered
     * holes), swaps more large folios out into the holes (compound descriptors, fallbacks), then faults
     * everything back in: every page written is read back.
     */
    static final String SCRIPT = script();

    private static String script() {
        final StringBuilder s = new StringBuilder("""
                swaplayer-workload 1
                swap 512 cluster 64
                region big 384 folio-order 4
                region pin 192
                phase fill
                write big 0 256
                write pin 0 192
                pageout big 0 256
                pageout pin
                phase punch
                """);
        for (int p = 0; p < 192; p += 2) {
            s.append("write pin ").append(p).append(" 1\n");
        }
        s.append("""
                write big 256 128
                pageout big 256 128
                pageout pin
                phase back
                write big 0 384
                write pin 0 192
                """);
        return s.toString();
    }

    static Workload workload(final String text) {
        try {
            return ScriptParser.parse(new StringReader(text), "data.swl", "data.swl");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static RunResult run(final DataOptions data, final SwapIn swapIn, final List<String> policies) {
        return Experiment.run(TestPolicies.REGISTRY, workload(SCRIPT), null, null, policies,
                new Simulator.Options(swapIn, 1, false, data), null);
    }

    @Test
    void theNamedPolicies_withOrWithoutSwapCountsOfTheirOwn_runThroughBothDevices() {
        final List<String> named = List.of("bestfit", "cluster-612-slots", "cluster-72");
        for (final DataOptions.Device device : List.of(DataOptions.Device.FILE, DataOptions.Device.ZRAM)) {
            final RunResult r = run(new DataOptions(device, Algorithm.LZ4, true, 0), SwapIn.PAGE, named);
            assertEquals(named, r.runs().stream().map(PolicyRun::policy).toList());
            for (final PolicyRun run : r.runs()) {
                final DataStats d = run.data();
                final String where = device + " " + run.policy() + ": " + d;
                assertEquals(0, d.mismatches(), where);
                assertTrue(d.pagesWritten() > 576, where);
                assertEquals(d.pagesWritten(), d.pagesRead(), where);
                assertEquals(d.pagesRead(), d.pagesVerified(), where);
            }
        }
    }

    @Test
    void everyPolicy_bothDevices_bothSwapIns_everyPageReadBackIsWhatWasWritten() {
        for (final DataOptions.Device device : List.of(DataOptions.Device.FILE, DataOptions.Device.ZRAM)) {
            for (final SwapIn swapIn : SwapIn.values()) {
                final RunResult r = run(new DataOptions(device, Algorithm.LZ4, true, 0), swapIn, TestPolicies.ALL);
                for (final PolicyRun run : r.runs()) {
                    final DataStats d = run.data();
                    final String where = device + " " + swapIn + " " + run.policy() + ": " + d;
                    assertEquals(0, d.mismatches(), where);
                    assertNull(d.firstMismatch(), where);
                    assertTrue(d.pagesWritten() > 576, "more than the regions, as pin pages go out twice: " + where);
                    assertEquals(d.pagesWritten(), d.pagesRead(), "everything comes back in: " + where);
                    assertEquals(d.pagesRead(), d.pagesVerified(), where);
                    assertEquals(d.pagesWritten() * 4096, d.bytesWritten(), where);
                    assertTrue(d.writes() < d.pagesWritten(), "a contiguous folio is one write: " + where);
                    if (swapIn == SwapIn.FOLIO) {
                        assertTrue(d.reads() < d.pagesRead(), "a whole folio is one read per extent: " + where);
                    }
                    if (device == DataOptions.Device.ZRAM) {
                        final MmStat mm = d.mmStat();
                        assertEquals(0, mm.origDataSize(), "every slot was freed and discarded: " + where);
                        assertEquals(mm.tableBytes(), mm.memUsedTotal(), where);
                        assertTrue(mm.memUsedMax() > mm.tableBytes(), where);
                        assertEquals(d.pagesRead(), d.discardedSlots(), where);
                    } else {
                        assertNull(d.mmStat(), where);
                        assertEquals(0, d.discardedSlots(), where);
                    }
                }
                final PolicyRun compound = r.runs().get(3);
                assertTrue(compound.totals().descriptors() > 0, "compound descriptors were written per extent");
            }
        }
    }

    @Test
    void dataMode_changesNoAllocationFigure() {
        final RunResult plain = run(DataOptions.NONE, SwapIn.PAGE, TestPolicies.ALL);
        final RunResult data = run(new DataOptions(DataOptions.Device.ZRAM, Algorithm.LZ4, true, 0), SwapIn.PAGE,
                TestPolicies.ALL);
        for (int i = 0; i < plain.runs().size(); i++) {
            assertNull(plain.runs().get(i).data());
            final var a = JsonReport.toJson(plain).get("policies").get(i);
            final var b = ((ObjectNode) JsonReport.toJson(data).get("policies")
                    .get(i).deepCopy());
            assertTrue(b.has("data"));
            b.remove("data");
            assertEquals(a, b, "policy " + i);
            assertFalse(a.has("data"), "no data object without a device");
        }
    }

    @Test
    void zram_seesSameFilledCompressibleAndIncompressiblePages() {
        final String text = """
                swaplayer-workload 1
                swap 2048
                region r 2000 folio-order 4
                phase w
                write r 0 2000
                pageout r
                """;
        final RunResult r = Experiment.run(TestPolicies.REGISTRY, workload(text), null, null, List.of("buddy"),
                new Simulator.Options(SwapIn.FOLIO, 1, false,
                        new DataOptions(DataOptions.Device.ZRAM, Algorithm.LZ4, false, 0)), null);
        final MmStat mm = r.runs().get(0).data().mmStat();
        assertEquals(2000L * 4096, mm.origDataSize());
        final double same = mm.samePages() / 2000.0;
        final double huge = mm.hugePages() / 2000.0;
        assertTrue(same > 0.15 && same < 0.25, "about 20 % same-filled: " + mm);
        assertTrue(huge > 0.25 && huge < 0.35, "about 30 % random, kept raw: " + mm);
        assertTrue(mm.compressionRatio() > 0.35 && mm.compressionRatio() < 0.6, "text compresses: " + mm);
        assertEquals(0, r.runs().get(0).data().pagesVerified(), "not verified without --verify-data");
    }

    @Test
    void corruptWrite_isCaught_namingPolicyRegionPageVersionAndSlot() {
        for (final DataOptions.Device device : List.of(DataOptions.Device.FILE, DataOptions.Device.ZRAM)) {
            final RunResult r = run(new DataOptions(device, Algorithm.LZ4, true, 300), SwapIn.FOLIO, TestPolicies.ALL);
            for (final PolicyRun run : r.runs()) {
                assertTrue(run.dataMismatch(), device + " " + run.policy());
                assertEquals(1, run.data().mismatches());
                assertTrue(run.data().firstMismatch().matches("policy " + run.policy() + ": region (big|pin) page \\d+ "
                        + "version \\d+ read from slot \\d+: byte 2048 is 0x[0-9a-f]{2} \\(expected: 0x[0-9a-f]{2}\\)"),
                        run.data().firstMismatch());
                assertNull(run.data().unreadCorruption(), "the corrupted page was read back and compared");
            }
        }
    }

    /**
     * Runs buddy on a 16-page region written once, then {@code rest} of the script, on a swap file whose page write
     * {@code nth} is corrupted; returns what the run says of the corrupted page.
     */
    private static String unreadCorruption(final String rest, final boolean verify, final long nth) {
        final Workload w = workload("swaplayer-workload 1\nswap 64\nregion r 16\nphase p\nwrite r 0 16\n" + rest);
        return Experiment.run(TestPolicies.REGISTRY, w, null, null, List.of("buddy"), new Simulator.Options(
                SwapIn.FOLIO, 1, false, new DataOptions(DataOptions.Device.FILE, Algorithm.LZ4, verify, nth)), null)
                .runs().get(0).data().unreadCorruption();
    }

    @Test
    void corruptWrite_thatIsNeverCompared_saysWhy() {
        final RunResult beyond = run(new DataOptions(DataOptions.Device.ZRAM, Algorithm.LZ4, true, 1_000_000),
                SwapIn.FOLIO, List.of("buddy"));
        final DataStats d = beyond.runs().get(0).data();
        assertEquals("page write 1000000: not reached (the run wrote " + d.pagesWritten() + " pages)",
                d.unreadCorruption());
        assertEquals(0, d.mismatches());
        assertEquals("page write 3: the run ended before it was read back",
                unreadCorruption("pageout r\n", true, 3));
        for (final boolean verify : new boolean[] {false, true}) {
            assertEquals(verify ? null : "page write 1: it was read back but not compared (--verify-data compares"
                    + " every page read)", unreadCorruption("pageout r\nwrite r 0 16\ndontneed r 0 16\n", verify, 1),
                    "swapped in, not dropped");
        }
        assertEquals("page write 1: its slot was freed without a read (MADV_DONTNEED)",
                unreadCorruption("pageout r\ndontneed r 0 16\n", false, 1));
        final RunResult none = run(new DataOptions(DataOptions.Device.FILE, Algorithm.LZ4, true, 0), SwapIn.FOLIO,
                List.of("buddy"));
        assertNull(none.runs().get(0).data().unreadCorruption(), "no write to corrupt, nothing to say");
    }

    @Test
    void byteFlippedOnTheDevice_isCaught() {
        final Workload w = workload("swaplayer-workload 1\nswap 64\nregion r 16 folio-order 2\nwrite r 0 1\n");
        final CompressedRamDevice ram = CompressedRamDevice.builder(64).build();
        final PolicySlots buddy = TestPolicies.create("buddy", w.geometry(), 1);
        try (DataPath data = new DataPath(buddy, new DataOptions(DataOptions.Device.ZRAM, Algorithm.LZ4, true, 0),
                ram, null, w.regions(), 16)) {
            final long run = buddy.allocator().allocate(2);
            final long[] slots = {run, SwapEntry.plus(run, 1), SwapEntry.plus(run, 2), SwapEntry.plus(run, 3)};
            for (int p = 0; p < 4; p++) {
                data.written(0, 4 + p);
                data.written(0, 4 + p);
            }
            data.swapOut(0, 4, 4, slots);
            final ByteBuffer page = ByteBuffer.allocate(4096);
            final long victim = SwapEntry.offset(slots[2]);
            ram.read(victim, page);
            page.put(77, (byte) (page.get(77) ^ 1)).clear();
            ram.write(victim, page);
            data.swapIn(0, 4, 4, slots);
            final DataStats d = data.stats();
            assertEquals(1, d.writes(), "one run for four consecutive slots");
            assertEquals(1, d.reads());
            assertEquals(1, d.mismatches());
            assertTrue(d.firstMismatch().startsWith("policy buddy: region r page 6 version 2 read from slot " + victim
                    + ": byte 77"), d.firstMismatch());
        }
    }

    @Test
    void deviceWriteFailure_stopsTheRunNamingPolicyAndSlots() {
        final Workload w = workload(SCRIPT);
        final PolicySlots policy = TestPolicies.create("compound", w.geometry(), 1);
        final FaultInjectingDevice faulty = new FaultInjectingDevice(CompressedRamDevice.builder(w.swapPages()).build(),
                FaultPlan.builder().failWrite(3).build());
        final DataOptions o = new DataOptions(DataOptions.Device.ZRAM, Algorithm.LZ4, true, 0);
        try (DataPath data = new DataPath(policy, o, faulty, null, w.regions(), 512)) {
            final DataIoException e = assertThrows(DataIoException.class, () -> Simulator.run(w, policy,
                    new Simulator.Options(SwapIn.FOLIO, 1, false, o), null, data));
            assertTrue(e.getMessage().matches("policy compound: swap-out of region big pages 32\\.\\.47 at slots "
                    + "\\d+\\.\\.\\d+: injected: write #3 failed"), e.getMessage());
        }
    }

    /** Data mode writes through the swap path, which refuses a slot the policy did not place. */
    @Test
    void writeToASlotThePolicyDidNotPlace_isRefusedByTheSwapPath() {
        final Workload w = workload("swaplayer-workload 1\nswap 64\nregion r 16 folio-order 2\nwrite r 0 1\n");
        final PolicySlots cluster = TestPolicies.create("cluster", w.geometry(), 1);
        try (DataPath data = new DataPath(cluster, new DataOptions(DataOptions.Device.ZRAM, Algorithm.LZ4, true, 0),
                CompressedRamDevice.builder(64).build(), null, w.regions(), 16)) {
            final long placed = cluster.allocator().allocate(0);
            data.swapOut(0, 0, 1, new long[] {placed});
            final long stray = SwapEntry.plus(placed, 1);
            assertEquals("slot of entries[0] " + SwapEntry.toString(stray) + ": free (expected: in use)", assertThrows(
                    IllegalStateException.class, () -> data.swapOut(0, 1, 1, new long[] {stray})).getMessage());
            assertEquals(1, data.stats().pagesWritten(), "the refused write counted nothing");
        }
    }

    /** The policy's allocator must be fresh when data mode starts: the swap path's area takes it over. */
    @Test
    void allocatorAlreadyInUse_isRefused_andTheDeviceIsClosed() {
        final Workload w = workload("swaplayer-workload 1\nswap 64\nregion r 16\nwrite r 0 1\n");
        final PolicySlots legacy = TestPolicies.create("legacy", w.geometry(), 1);
        legacy.allocator().allocate(0);
        final CompressedRamDevice ram = CompressedRamDevice.builder(64).build();
        assertEquals("allocator.usedSlots: 1 (expected: 0, a fresh allocator)", assertThrows(
                IllegalArgumentException.class, () -> new DataPath(legacy, new DataOptions(DataOptions.Device.ZRAM,
                        Algorithm.LZ4, false, 0), ram, null, w.regions(), 1)).getMessage());
        assertThrows(IllegalStateException.class, () -> ram.write(1, ByteBuffer.allocate(4096)), "closed");
    }

    @Test
    void badCombinations_areRefusedWithTheOption() {
        assertEquals("--verify-data: without a device (expected: with --device file or zram)",
                assertThrows(IllegalArgumentException.class, () -> DataOptions.of("none", null, true, 0)).getMessage());
        assertEquals("--device: disk (expected: none, file or zram)", assertThrows(IllegalArgumentException.class,
                () -> DataOptions.of("disk", null, false, 0)).getMessage());
        assertEquals("--algo: zstd (expected: only with --device zram)",
                assertThrows(IllegalArgumentException.class, () -> DataOptions.of("file", "zstd", false, 0))
                        .getMessage());
        assertEquals("--algo: lzo (expected: one of lz4, zstd, deflate)",
                assertThrows(IllegalArgumentException.class, () -> DataOptions.of("zram", "lzo", false, 0))
                        .getMessage());
        assertEquals(Algorithm.ZSTD, DataOptions.of("zram", "zstd", true, 0).algorithm());
    }

    @Test
    void pageContent_isDeterministicAndChangesWithTheVersion() {
        final byte[] a = new byte[4096];
        final byte[] b = new byte[4096];
        int differ = 0;
        for (int v = 1; v <= 50; v++) {
            PageContent.fill(2, 77, v, a, 0, 4096);
            PageContent.fill(2, 77, v, b, 0, 4096);
            assertEquals(Arrays.toString(a), Arrays.toString(b));
            PageContent.fill(2, 77, v + 1, b, 0, 4096);
            differ += Arrays.equals(a, b) ? 0 : 1;
        }
        assertTrue(differ >= 45, "versions differ (two zero pages in a row may not): " + differ);
        PageContent.fill(0, 0, 0, a, 0, 4096);
        assertEquals(Arrays.toString(new byte[4096]), Arrays.toString(a), "version 0 is zeros");
    }
}
