package dev.swaplayer.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FIDELITY tables from recorded kernel runs: kernel cells over boots, spread, models replayed beside.
 *
 * <p>Thread safety: each test runs on JUnit's one thread in its own temporary directory; the shared registry is
 * immutable and the recorded runs are only read.
 */
class KernelRunTableTest {
    private static final Path RECORDED = Path.of("..", "docs", "kernel-runs", "thp-swap-test-none-swapin-page.json");
    private static final PolicyRegistry REGISTRY = PolicyRegistry.builtIn();

    @TempDir
    Path dir;

    private static String firstBoot() throws Exception {
        return Files.readAllLines(RECORDED, StandardCharsets.UTF_8).get(0);
    }

    private static List<String> rows(final String table, final String policy) {
        return table.lines().filter(l -> l.contains(policy)).toList();
    }

    @Test
    void oneBoot_kernelRowFromTheFile_modelsReplayed_slotsCacheModelEqual() throws Exception {
        final Path f = Files.writeString(dir.resolve("one.json"), firstBoot() + "\n");
        final String t = KernelRunTable.render(List.of(f), 5, List.of("cluster", "cluster-612-slots"), REGISTRY);
        assertTrue(t.startsWith("#### 6.12.117+deb13-amd64, swap-in page: 64 KiB fallback % per iteration"
                + " (boots per mode none: 1)"), t);
        final String kernel = rows(t, "**6.12").get(0);
        assertEquals("| none | **6.12.117+deb13-amd64** | 0.0 | 44.4 | 72.1 | 83.0 | 85.0 | 92.1 |  |", kernel);
        assertEquals("| none | `cluster` | 0.0 | 40.1 | 65.5 | 79.4 | 85.8 | 91.5 |  |", rows(t, "`cluster`").get(0));
        assertEquals(kernel.replace("**6.12.117+deb13-amd64**", "`cluster-612-slots`"),
                rows(t, "`cluster-612-slots`").get(0));
    }

    @Test
    void sidBoot_cluster72RowEqualsTheKernelRow() throws Exception {
        final Path sid = Path.of("..", "docs", "kernel-runs", "sid-thp-swap-test-none-swapin-page.json");
        final Path f = Files.writeString(dir.resolve("sid.json"),
                Files.readAllLines(sid, StandardCharsets.UTF_8).get(0) + "\n");
        final String t = KernelRunTable.render(List.of(f), 5, List.of("cluster-612-slots", "cluster-72"), REGISTRY);
        final String kernel = rows(t, "**7.2").get(0);
        assertEquals("| none | **7.2.13+deb14-amd64** | 0.0 | 44.4 | 64.6 | 78.5 | 81.0 | 93.0 |  |", kernel);
        assertEquals("| none | `cluster-612-slots` | 0.0 | 44.4 | 72.1 | 83.0 | 85.0 | 92.1 |  |",
                rows(t, "`cluster-612-slots`").get(0), "the 6.12 model is not a model of 7.2");
        assertEquals(kernel.replace("**7.2.13+deb14-amd64**", "`cluster-72`"), rows(t, "`cluster-72`").get(0));
    }

    @Test
    void bootsThatDiffer_showTheirRangeAndSpread() throws Exception {
        final ObjectMapper mapper = new ObjectMapper();
        final ObjectNode other = (ObjectNode) mapper.readTree(firstBoot());
        final ObjectNode it2 = (ObjectNode) other.path("policies").path(0).path("phases").path(2).path("orders")
                .path("4");
        it2.put("fallback_ratio", 74.4);
        final Path f = Files.writeString(dir.resolve("two.json"), firstBoot() + "\n" + mapper.writeValueAsString(other)
                + "\n");
        final String kernel = rows(KernelRunTable.render(List.of(f), 3, List.of(), REGISTRY), "**6.12").get(0);
        assertTrue(kernel.startsWith("| none | **6.12.117+deb13-amd64** | 0.0 | 44.4-74.4 | 72.1 | 92.1-92.4 | 30.0 |"),
                kernel);
    }

    @Test
    void badInput_isAClearError() throws Exception {
        assertEquals("FILE: none (expected: kernel-run --json files)", assertThrows(IllegalArgumentException.class,
                () -> KernelRunTable.render(List.of(), 20, List.of(), REGISTRY)).getMessage());
        final Path f = Files.writeString(dir.resolve("one.json"), firstBoot() + "\n");
        assertEquals("--columns: 0 (expected: 1..100)", assertThrows(IllegalArgumentException.class,
                () -> KernelRunTable.render(List.of(f), 0, List.of(), REGISTRY)).getMessage());
        final Path model = Files.writeString(dir.resolve("model.json"),
                "{\"workload\":\"thp-swap-test\",\"mode\":\"none\",\"policies\":[{\"policy\":\"cluster\"}]}\n");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> KernelRunTable.render(List.of(model), 20, List.of(), REGISTRY)).getMessage()
                .endsWith("(expected: kernel-run --json of thp-swap-test, the kernel's policy first)"));
    }
}
