package dev.swaplayer.device;

import java.nio.file.Path;

/**
 * The contract with zstd and 64 KiB units, where every page write goes through the staging buffer.
 *
 * <p>Thread safety: as {@link SwapDeviceContractTest}; {@link #afterStep} runs on the test's own thread.
 */
class CompressedRamDevice64kUnitContractTest extends SwapDeviceContractTest {
    @Override
    SwapDevice newDevice(final Path dir, final long capacity) {
        return CompressedRamDevice.builder(capacity).algorithm(Algorithm.ZSTD).unitBytes(65536).build();
    }

    @Override
    void afterStep() {
        ((CompressedRamDevice) device).verifyInvariants();
    }
}
